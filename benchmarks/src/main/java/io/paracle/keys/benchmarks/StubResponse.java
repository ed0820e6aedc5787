package io.paracle.keys.benchmarks;

import java.nio.charset.StandardCharsets;

/**
 * A complete HTTP/1.1 response of the {@link StubLlmServer}, status line to body,
 * encoded once in a keep-alive and a closing variant so that sending it is a single
 * socket write. Headers are those of a real OpenAI answer, trimmed to what clients read.
 *
 * @author paracle-keys
 */
final class StubResponse {

	static final StubResponse CHAT_COMPLETION = json(200, "OK", "", StubLlmServer.CHAT_COMPLETION);

	static final StubResponse MODELS = json(200, "OK", "", StubLlmServer.MODELS);

	static final StubResponse STREAM_SHORT = stream(StubLlmServer.STREAM_SHORT_CHUNKS);

	static final StubResponse STREAM_LONG = stream(StubLlmServer.STREAM_LONG_CHUNKS);

	static final StubResponse NOT_FOUND = error(404, "Not Found", "", "Unknown path", "not_found");

	static final StubResponse POST_ONLY = error(405, "Method Not Allowed", "Allow: POST\r\n", "Method not allowed",
			"method_not_allowed");

	static final StubResponse GET_ONLY = error(405, "Method Not Allowed", "Allow: GET\r\n", "Method not allowed",
			"method_not_allowed");

	static final StubResponse BAD_REQUEST = error(400, "Bad Request", "", "Malformed request", "bad_request");

	static final StubResponse HEADERS_TOO_LARGE = error(431, "Request Header Fields Too Large", "",
			"Request header too large", "bad_request");

	static final StubResponse VERSION_NOT_SUPPORTED = error(505, "HTTP Version Not Supported", "",
			"Only HTTP/1.1 is served", "bad_request");

	/** Interim answer to {@code Expect: 100-continue}. */
	static final byte[] CONTINUE = ascii("HTTP/1.1 100 Continue\r\n\r\n");

	private final byte[] keepAlive;

	private final byte[] closing;

	private StubResponse(byte[] keepAlive, byte[] closing) {
		this.keepAlive = keepAlive;
		this.closing = closing;
	}

	/**
	 * Return the encoded response.
	 * @param close whether the response announces {@code Connection: close}
	 * @return the bytes to write, never to be modified
	 */
	byte[] bytes(boolean close) {
		return close ? this.closing : this.keepAlive;
	}

	private static StubResponse json(int status, String reason, String extraHeaders, String json) {
		byte[] body = json.getBytes(StandardCharsets.UTF_8);
		String head = "HTTP/1.1 " + status + " " + reason + "\r\n" + "Content-Type: application/json\r\n"
				+ "Content-Length: " + body.length + "\r\n" + "x-request-id: req_5f1c0c9e3b8a4d7e9a2b6c1d0e4f7a8b\r\n"
				+ "openai-processing-ms: 312\r\n" + extraHeaders;
		return new StubResponse(concat(ascii(head + "\r\n"), body),
				concat(ascii(head + "Connection: close\r\n\r\n"), body));
	}

	/**
	 * A streamed chat completion as OpenAI sends it with {@code stream_options.include_usage}: a role chunk,
	 * {@code chunks} text chunks of one token each, a finish chunk, a usage chunk and {@code [DONE]}, in one write.
	 */
	private static StubResponse stream(int chunks) {
		StringBuilder body = new StringBuilder(sseChunk("{\"role\":\"assistant\",\"content\":\"\",\"refusal\":null}", "null"));
		for (int i = 0; i < chunks; i++) {
			body.append(sseChunk("{\"content\":\"" + StubLlmServer.streamToken(i) + "\"}", "null"));
		}
		body.append(sseChunk("{}", "\"stop\""));
		body.append("data: {\"id\":\"chatcmpl-BqZ3xK9mTnV7fW2pLd8sYc4hR1eGu\",\"object\":\"chat.completion.chunk\","
				+ "\"created\":1764230400,\"model\":\"gpt-4o-mini-2024-07-18\",\"service_tier\":\"default\","
				+ "\"system_fingerprint\":\"fp_560af6e559\",\"choices\":[],\"usage\":{\"prompt_tokens\":10,"
				+ "\"completion_tokens\":" + chunks + ",\"total_tokens\":" + (10 + chunks) + "}}\n\n");
		body.append("data: [DONE]\n\n");
		byte[] bytes = body.toString().getBytes(StandardCharsets.UTF_8);
		String head = "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream; charset=utf-8\r\nContent-Length: "
				+ bytes.length + "\r\nx-request-id: req_5f1c0c9e3b8a4d7e9a2b6c1d0e4f7a8b\r\n";
		return new StubResponse(concat(ascii(head + "\r\n"), bytes),
				concat(ascii(head + "Connection: close\r\n\r\n"), bytes));
	}

	private static String sseChunk(String delta, String finishReason) {
		return "data: {\"id\":\"chatcmpl-BqZ3xK9mTnV7fW2pLd8sYc4hR1eGu\",\"object\":\"chat.completion.chunk\","
				+ "\"created\":1764230400,\"model\":\"gpt-4o-mini-2024-07-18\",\"service_tier\":\"default\","
				+ "\"system_fingerprint\":\"fp_560af6e559\",\"choices\":[{\"index\":0,\"delta\":" + delta
				+ ",\"logprobs\":null,\"finish_reason\":" + finishReason + "}],\"usage\":null}\n\n";
	}

	private static StubResponse error(int status, String reason, String extraHeaders, String message, String code) {
		String json = "{\"error\":{\"message\":\"" + message + "\",\"type\":\"invalid_request_error\",\"code\":\""
				+ code + "\"}}\n";
		return json(status, reason, extraHeaders, json);
	}

	private static byte[] ascii(String text) {
		return text.getBytes(StandardCharsets.US_ASCII);
	}

	private static byte[] concat(byte[] head, byte[] body) {
		byte[] all = new byte[head.length + body.length];
		System.arraycopy(head, 0, all, 0, head.length);
		System.arraycopy(body, 0, all, head.length, body.length);
		return all;
	}

}
