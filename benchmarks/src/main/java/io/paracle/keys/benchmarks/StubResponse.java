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
