package io.paracle.keys.provider.client;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import software.amazon.awssdk.eventstream.HeaderValue;
import software.amazon.awssdk.eventstream.Message;

/**
 * A ConverseStream answer body as Bedrock writes it: binary AWS event-stream messages (prelude with total and
 * headers length and its CRC32, the {@code :message-type}, {@code :event-type} or {@code :exception-type} and
 * {@code :content-type} headers, a JSON payload, the message CRC32), encoded with the SDK's own {@link Message}.
 */
final class BedrockEventStream {

	static final String CONTENT_TYPE = "application/vnd.amazon.eventstream";

	private final ByteArrayOutputStream body = new ByteArrayOutputStream();

	BedrockEventStream event(String type, String json) {
		Map<String, HeaderValue> headers = new LinkedHashMap<>();
		headers.put(":event-type", HeaderValue.fromString(type));
		headers.put(":content-type", HeaderValue.fromString("application/json"));
		headers.put(":message-type", HeaderValue.fromString("event"));
		new Message(headers, json.getBytes(StandardCharsets.UTF_8)).encode(this.body);
		return this;
	}

	BedrockEventStream text(String text) {
		return event("contentBlockDelta", "{\"contentBlockIndex\":0,\"delta\":{\"text\":\"" + text + "\"}}");
	}

	BedrockEventStream exception(String type, String message) {
		Map<String, HeaderValue> headers = new LinkedHashMap<>();
		headers.put(":exception-type", HeaderValue.fromString(type));
		headers.put(":content-type", HeaderValue.fromString("application/json"));
		headers.put(":message-type", HeaderValue.fromString("exception"));
		new Message(headers, ("{\"message\":\"" + message + "\"}").getBytes(StandardCharsets.UTF_8)).encode(this.body);
		return this;
	}

	/**
	 * Return the events of an answer "Hello world" that stopped at {@code end_turn} after 11 input and 7 output
	 * tokens.
	 */
	static BedrockEventStream helloWorld() {
		return new BedrockEventStream().event("messageStart", "{\"role\":\"assistant\"}")
			.text("Hello")
			.text(" world")
			.event("contentBlockStop", "{\"contentBlockIndex\":0}")
			.event("messageStop", "{\"stopReason\":\"end_turn\"}")
			.event("metadata", "{\"usage\":{\"inputTokens\":11,\"outputTokens\":7,\"totalTokens\":18},"
					+ "\"metrics\":{\"latencyMs\":312}}");
	}

	byte[] bytes() {
		return this.body.toByteArray();
	}

}
