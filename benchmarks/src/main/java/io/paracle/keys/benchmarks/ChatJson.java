package io.paracle.keys.benchmarks;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The request every benchmark sends and the way the raw benchmarks read the answer,
 * with Jackson 3 trees: {@code {"model":"gpt-4o-mini","messages":[{"role":"user",
 * "content":"Say hello"}]}} in, {@code choices[0].message.content} out. Building the
 * tree on every call is deliberate: a real client serializes each request.
 *
 * @author paracle-keys
 */
public final class ChatJson {

	/** The model every benchmark asks for. */
	public static final String MODEL = "gpt-4o-mini";

	/** The single user message every benchmark sends. */
	public static final String PROMPT = "Say hello";

	/** A fake key: the stub never checks it, but every client must send one. */
	public static final String API_KEY = "sk-test-benchmark-000000000000000000";

	/** The {@code Authorization} header value for {@link #API_KEY}. */
	public static final String AUTHORIZATION = "Bearer " + API_KEY;

	/** One shared, immutable mapper, as an application would hold. */
	public static final JsonMapper MAPPER = JsonMapper.builder().build();

	private ChatJson() {
	}

	/**
	 * Build the request tree.
	 * @return a new request tree
	 */
	public static ObjectNode requestTree() {
		ObjectNode request = MAPPER.createObjectNode();
		request.put("model", MODEL);
		request.putArray("messages").addObject().put("role", "user").put("content", PROMPT);
		return request;
	}

	/**
	 * Build and serialize the request.
	 * @return the UTF-8 JSON request body
	 */
	public static byte[] requestBody() {
		return MAPPER.writeValueAsBytes(requestTree());
	}

	/**
	 * Extract the reply text from a parsed chat completion.
	 * @param completion the parsed response
	 * @return the assistant's reply
	 * @throws IllegalStateException if the response carries no reply
	 */
	public static String replyText(JsonNode completion) {
		JsonNode content = completion.path("choices").path(0).path("message").path("content");
		if (!content.isString()) {
			throw new IllegalStateException("No reply in the chat completion");
		}
		return content.stringValue();
	}

	/**
	 * Parse a chat completion and extract the reply text.
	 * @param body the response body
	 * @param offset where the JSON starts in {@code body}
	 * @param length the JSON length
	 * @return the assistant's reply
	 */
	public static String replyText(byte[] body, int offset, int length) {
		return replyText(MAPPER.readTree(body, offset, length));
	}

	/**
	 * Parse a chat completion and extract the reply text.
	 * @param body the response body
	 * @return the assistant's reply
	 */
	public static String replyText(byte[] body) {
		return replyText(body, 0, body.length);
	}

}
