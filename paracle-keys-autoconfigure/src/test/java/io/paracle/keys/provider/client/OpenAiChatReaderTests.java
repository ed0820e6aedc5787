package io.paracle.keys.provider.client;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;

import io.paracle.keys.provider.ChatResponse;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The streaming reader of chat completions ({@link OpenAiWire#readChat}) reads what a tree-based reader reads
 * from the same body: realistic answers, odd ones, and wrong types in every field.
 */
class OpenAiChatReaderTests {

	private static final String MODEL = "requested-model";

	@ParameterizedTest
	@ValueSource(strings = {
			// OpenAI, as sent: refusal, logprobs, service tier, fingerprint, token details
			"""
					{"id":"chatcmpl-B9MBs8CjcvOU2jLn4n570S5qMJKcT","object":"chat.completion","created":1741569952,
					 "model":"gpt-4o-mini-2024-07-18","choices":[{"index":0,"message":{"role":"assistant",
					 "content":"Hello! How can I assist you today?","refusal":null,"annotations":[]},"logprobs":null,
					 "finish_reason":"stop"}],"usage":{"prompt_tokens":19,"completion_tokens":10,"total_tokens":29,
					 "prompt_tokens_details":{"cached_tokens":0,"audio_tokens":0},"completion_tokens_details":
					 {"reasoning_tokens":0,"audio_tokens":0,"accepted_prediction_tokens":0,
					 "rejected_prediction_tokens":0}},"service_tier":"default","system_fingerprint":"fp_06737a9306"}""",
			// a tool call: no content
			"""
					{"id":"c2","model":"m","choices":[{"index":0,"message":{"role":"assistant","content":null,
					 "tool_calls":[{"id":"t","type":"function","function":{"name":"f","arguments":"{}"}}]},
					 "finish_reason":"tool_calls"}],"usage":{"prompt_tokens":5,"completion_tokens":7}}""",
			// two choices, finish reason before the message: the first choice counts
			"""
					{"choices":[{"finish_reason":"length","message":{"content":"first"}},
					 {"finish_reason":"stop","message":{"content":"second"}}],"id":"c3"}""",
			// fields in another order, usage first, numbers as floats
			"""
					{"usage":{"completion_tokens":2.0,"prompt_tokens":3.9},"model":"m2","id":"c4",
					 "choices":[{"message":{"content":"x","role":"assistant"},"finish_reason":"stop"}]}""",
			// wrong types everywhere
			"""
					{"id":42,"model":["m"],"choices":{"message":{"content":"not an array"}},"usage":"none"}""",
			"""
					{"id":"c6","choices":[{"message":"text","finish_reason":7}],"usage":{"prompt_tokens":"19",
					 "completion_tokens":null}}""",
			"""
					{"choices":[{"message":{"content":{"nested":["a",{"b":1}]}}}],"extra":[[1,2],{"c":[{}]}]}""",
			"""
					{"choices":["not an object",{"message":{"content":"second"}}],"id":"after","model":"m"}""",
			"""
					{"choices":[[1,{"message":{"content":"nested"}}],{"message":{"content":"s"}}],"id":"after"}""",
			"""
					{"choices":[],"id":"after","usage":{"prompt_tokens":1,"completion_tokens":2}}""",
			"""
					{"choices":[{"message":{"content":"a","content":"b"}}],"id":"duplicate fields: the last wins"}""",
			// empty answers
			"{\"choices\":[]}", "{}", "[]", "\"text\"", "null", "" })
	void readsWhatATreeReads(String json) {
		assertThat(OpenAiWire.readChat(parser(json), MODEL)).isEqualTo(treeRead(json));
	}

	@ParameterizedTest
	@ValueSource(strings = { "{\"id\":", "{\"choices\":[{\"message\":{\"content\":\"x\"}", "{\"id\":\"a\" x}",
			"sk-test-0001 is not JSON" })
	void malformedJsonFailsAsItDoesForATree(String json) {
		assertThatExceptionOfType(JacksonException.class).isThrownBy(() -> Json.read(json));
		assertThatExceptionOfType(JacksonException.class).isThrownBy(() -> OpenAiWire.readChat(parser(json), MODEL));
	}

	private static JsonParser parser(String json) {
		return Json.parser(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
	}

	/**
	 * The tree reader the starter used before: the reference.
	 */
	private static ChatResponse treeRead(String json) {
		JsonNode tree = Json.readTree(parser(json));
		JsonNode choice = tree.path("choices").path(0);
		String text = Json.text(choice.path("message").path("content"));
		JsonNode usage = tree.path("usage");
		String answeredBy = Json.text(tree.path("model"));
		return new ChatResponse((text != null) ? text : "", Json.text(choice.path("finish_reason")),
				Json.number(usage.path("prompt_tokens")), Json.number(usage.path("completion_tokens")),
				Json.text(tree.path("id")), (answeredBy != null) ? answeredBy : MODEL);
	}

}
