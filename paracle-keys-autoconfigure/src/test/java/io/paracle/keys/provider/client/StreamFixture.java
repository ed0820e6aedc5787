package io.paracle.keys.provider.client;

import java.util.List;

import io.paracle.keys.catalog.ProviderCatalog;
import io.paracle.keys.provider.LlmProviderException;
import io.paracle.keys.provider.ProviderUnavailableException;

/**
 * What one provider's stream looks like on the wire, as its API reference documents it: the path and body of the
 * request for {@code ChatRequest.of("Say hello")}, a stream of the two texts {@code "Hello"} and {@code " world"}
 * with a finish reason and a usage of 11 input and 7 output tokens, and the same stream broken after the two
 * texts by the provider's error event (a cut body where the format has none).
 *
 * @param provider the provider
 * @param path the request path, query included
 * @param body the request body, as JSON
 * @param stream the SSE body of a successful stream
 * @param brokenStream the SSE body that fails after two texts
 * @param failure the exception the broken stream ends with
 * @param finishReason the finish reason of the successful stream
 * @param model the model the successful stream reports
 */
record StreamFixture(ProviderFixture provider, String path, String body, String stream, String brokenStream,
		Class<? extends LlmProviderException> failure, String finishReason, String model) {

	static List<StreamFixture> all() {
		return ProviderFixture.http().map(StreamFixture::of).toList();
	}

	static StreamFixture of(ProviderFixture fixture) {
		String model = fixture.defaultModel();
		String message = "[{\"role\":\"user\",\"content\":\"Say hello\"}]";
		return switch (fixture.id()) {
			case ProviderCatalog.ANTHROPIC -> new StreamFixture(fixture, "/v1/messages",
					"{\"model\":\"" + model + "\",\"max_tokens\":1024,\"messages\":" + message + ",\"stream\":true}",
					anthropic(true), anthropic(false), ProviderUnavailableException.class, "end_turn",
					"claude-3-5-haiku-20241022");
			case ProviderCatalog.GEMINI -> new StreamFixture(fixture,
					"/v1beta/models/" + model + ":streamGenerateContent?alt=sse",
					"{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"Say hello\"}]}]}", gemini(true),
					gemini(false), ProviderUnavailableException.class, "STOP", "gemini-2.0-flash-001");
			case ProviderCatalog.AZURE_OPENAI -> new StreamFixture(fixture,
					"/openai/deployments/" + model + "/chat/completions?api-version=2023-12-01-preview",
					"{\"messages\":" + message + ",\"stream\":true}", openAi(true), openAi(false),
					ProviderUnavailableException.class, "stop", "gpt-4o-mini-2024-07-18");
			case "cohere" -> new StreamFixture(fixture, "/v2/chat",
					"{\"model\":\"" + model + "\",\"messages\":" + message + ",\"stream\":true}", cohere(true),
					cohere(false), ProviderUnavailableException.class, "COMPLETE", model);
			default -> new StreamFixture(fixture, fixture.basePath() + "/chat/completions",
					"{\"model\":\"" + model + "\",\"messages\":" + message + ",\"stream\":true"
							+ (List.of("mistral", "perplexity").contains(fixture.id()) ? ""
									: ",\"stream_options\":{\"include_usage\":true}")
							+ "}",
					openAi(true), openAi(false), ProviderUnavailableException.class, "stop", "gpt-4o-mini-2024-07-18");
		};
	}

	/**
	 * Return the {@code outcome} tag of the broken stream: the status its error event stands for, or an I/O error
	 * for a cut body.
	 */
	String failureOutcome() {
		return "cohere".equals(this.provider.id()) ? "io_error 200" : "server_error";
	}

	/**
	 * Return one text event of this format, for streams written event by event.
	 */
	String textEvent(String text) {
		return switch (this.provider.id()) {
			case ProviderCatalog.ANTHROPIC -> "event: content_block_delta\ndata: {\"type\":\"content_block_delta\","
					+ "\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"" + text + "\"}}\n\n";
			case ProviderCatalog.GEMINI -> "data: {\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"" + text
					+ "\"}],\"role\":\"model\"},\"index\":0}]}\n\n";
			case "cohere" -> "event: content-delta\ndata: {\"type\":\"content-delta\",\"index\":0,\"delta\":"
					+ "{\"message\":{\"content\":{\"text\":\"" + text + "\"}}}}\n\n";
			default -> openAiChunk("{\"content\":\"" + text + "\"}", "null");
		};
	}

	private static String openAi(boolean complete) {
		String start = openAiChunk("{\"role\":\"assistant\",\"content\":\"\",\"refusal\":null}", "null")
				+ openAiChunk("{\"content\":\"Hello\"}", "null") + ": a comment line, skipped\n\n"
				+ openAiChunk("{\"content\":\" world\"}", "null");
		if (!complete) {
			return start + "data: {\"error\":{\"message\":\"The server had an error while processing your request.\","
					+ "\"type\":\"server_error\",\"param\":null,\"code\":null}}\n\n";
		}
		return start + openAiChunk("{}", "\"stop\"")
				+ "data: {\"id\":\"chatcmpl-B9\",\"object\":\"chat.completion.chunk\",\"created\":1741570283,"
				+ "\"model\":\"gpt-4o-mini-2024-07-18\",\"system_fingerprint\":\"fp_06737a9306\",\"choices\":[],"
				+ "\"usage\":{\"prompt_tokens\":11,\"completion_tokens\":7,\"total_tokens\":18,"
				+ "\"prompt_tokens_details\":{\"cached_tokens\":0},\"completion_tokens_details\":"
				+ "{\"reasoning_tokens\":0}}}\n\ndata: [DONE]\n\n";
	}

	private static String openAiChunk(String delta, String finishReason) {
		// CRLF line ends, as some providers' proxies send them
		return "data: {\"id\":\"chatcmpl-B9\",\"object\":\"chat.completion.chunk\",\"created\":1741570283,"
				+ "\"model\":\"gpt-4o-mini-2024-07-18\",\"system_fingerprint\":\"fp_06737a9306\",\"choices\":"
				+ "[{\"index\":0,\"delta\":" + delta + ",\"logprobs\":null,\"finish_reason\":" + finishReason
				+ "}],\"usage\":null}\r\n\r\n";
	}

	private static String anthropic(boolean complete) {
		String start = """
				event: message_start
				data: {"type":"message_start","message":{"id":"msg_01","type":"message","role":"assistant",\
				"content":[],"model":"claude-3-5-haiku-20241022","stop_reason":null,"stop_sequence":null,\
				"usage":{"input_tokens":11,"output_tokens":1}}}

				event: content_block_start
				data: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}

				event: ping
				data: {"type": "ping"}

				event: content_block_delta
				data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hello"}}

				event: content_block_delta
				data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":" world"}}

				""";
		if (!complete) {
			return start + """
					event: error
					data: {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}

					""";
		}
		return start + """
				event: content_block_stop
				data: {"type":"content_block_stop","index":0}

				event: message_delta
				data: {"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},\
				"usage":{"output_tokens":7}}

				event: message_stop
				data: {"type":"message_stop"}

				""";
	}

	private static String gemini(boolean complete) {
		String start = """
				data: {"candidates":[{"content":{"parts":[{"text":"Hello"}],"role":"model"},"index":0}],\
				"usageMetadata":{"promptTokenCount":11,"candidatesTokenCount":1,"totalTokenCount":12},\
				"modelVersion":"gemini-2.0-flash-001","responseId":"r1"}

				""";
		if (!complete) {
			return start + """
					data: {"candidates":[{"content":{"parts":[{"text":" world"}],"role":"model"},"index":0}],\
					"modelVersion":"gemini-2.0-flash-001"}

					data: {"error":{"code":503,"message":"The model is overloaded. Please try again later.",\
					"status":"UNAVAILABLE"}}

					""";
		}
		return start + """
				data: {"candidates":[{"content":{"parts":[{"text":" world"}],"role":"model"},"finishReason":"STOP",\
				"index":0}],"usageMetadata":{"promptTokenCount":11,"candidatesTokenCount":7,"totalTokenCount":18},\
				"modelVersion":"gemini-2.0-flash-001","responseId":"r1"}

				""";
	}

	private static String cohere(boolean complete) {
		String start = """
				event: message-start
				data: {"id":"c0a1","type":"message-start","delta":{"message":{"role":"assistant","content":[],\
				"tool_plan":"","tool_calls":[],"citations":[]}}}

				event: content-start
				data: {"type":"content-start","index":0,"delta":{"message":{"content":{"type":"text","text":""}}}}

				event: content-delta
				data: {"type":"content-delta","index":0,"delta":{"message":{"content":{"text":"Hello"}}}}

				event: content-delta
				data: {"type":"content-delta","index":0,"delta":{"message":{"content":{"text":" world"}}}}

				""";
		if (!complete) {
			// Cohere documents no error event: the body is cut before message-end
			return start;
		}
		return start + """
				event: content-end
				data: {"type":"content-end","index":0}

				event: message-end
				data: {"type":"message-end","delta":{"finish_reason":"COMPLETE","usage":{"billed_units":\
				{"input_tokens":5,"output_tokens":7},"tokens":{"input_tokens":11,"output_tokens":7}}}}

				""";
	}

	@Override
	public String toString() {
		return this.provider.id();
	}

}
