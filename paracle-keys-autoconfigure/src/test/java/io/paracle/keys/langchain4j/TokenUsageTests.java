package io.paracle.keys.langchain4j;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The usage read from the providers' answers and stream events, without a tree.
 */
class TokenUsageTests {

	@Test
	void openAiUsageAndModel() {
		TokenUsage usage = new TokenUsage();
		usage.read(LangChain4jStubs.OPENAI_ANSWER);
		assertThat(usage.inputTokens()).isEqualTo(5);
		assertThat(usage.outputTokens()).isEqualTo(3);
		assertThat(usage.model()).isEqualTo("gpt-4o-mini-2024-07-18");
	}

	@Test
	void geminiUsageMetadataAndModelVersion() {
		TokenUsage usage = new TokenUsage();
		usage.read(LangChain4jStubs.GEMINI_ANSWER);
		assertThat(usage.total()).isEqualTo(9);
		assertThat(usage.model()).isEqualTo("gemini-2.0-flash-001");
	}

	@Test
	void anthropicStreamEventsKeepTheLastCountOfEach() {
		TokenUsage usage = new TokenUsage();
		usage.read("""
				{"type":"message_start","message":{"model":"claude-3-5-haiku-20241022","content":[{"type":"text",
				 "text":"{\\"usage\\":{\\"input_tokens\\":99}}"}],"usage":{"input_tokens":6,"output_tokens":1}}}""");
		usage.read("""
				{"type":"message_delta","delta":{"stop_reason":"end_turn"},"usage":{"output_tokens":3}}""");
		assertThat(usage.inputTokens()).isEqualTo(6);
		assertThat(usage.outputTokens()).isEqualTo(3);
		assertThat(usage.model()).isEqualTo("claude-3-5-haiku-20241022");
	}

	@Test
	void malformedOrForeignJsonCountsNothing() {
		TokenUsage usage = new TokenUsage();
		usage.read("not json at all");
		usage.read("[1,2,3]");
		usage.read("{\"choices\":[{\"message\":{\"usage\":{\"prompt_tokens\":7}}}]}");
		assertThat(usage.total()).isZero();
		assertThat(usage.model()).isNull();
	}

}
