package io.paracle.keys.springai;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What {@link AnswerScanner} reads from answers byte by byte.
 */
class AnswerScannerTests {

	@Test
	void openAiAnswerGivesItsUsageAndModel() {
		AnswerScanner scanner = scan(SpringAiStubs.OPENAI_ANSWER);
		assertThat(scanner.hasTokens()).isTrue();
		assertThat(scanner.inputTokens()).isEqualTo(2);
		assertThat(scanner.outputTokens()).isEqualTo(1);
		assertThat(scanner.model()).isEqualTo("gpt-4o-mini");
		assertThat(scanner.endSeen()).isFalse();
	}

	@Test
	void geminiAnswerGivesItsUsageMetadataAndModelVersion() {
		AnswerScanner scanner = scan(SpringAiStubs.GEMINI_ANSWER);
		assertThat(scanner.inputTokens()).isEqualTo(2);
		assertThat(scanner.outputTokens()).isEqualTo(1);
		assertThat(scanner.model()).isEqualTo("gemini-2.0-flash");
	}

	@Test
	void geminiStreamKeepsTheLastUsageAndIgnoresTheModelRoleAndTheOtherCounts() {
		AnswerScanner scanner = scan(SpringAiStubs.GEMINI_STREAM_ANSWER.replace("\"totalTokenCount\":7",
				"\"totalTokenCount\":7,\"thoughtsTokenCount\":9,\"promptTokensDetails\":[{\"tokenCount\":4}]"));
		assertThat(scanner.inputTokens()).isEqualTo(5);
		assertThat(scanner.outputTokens()).isEqualTo(2);
		assertThat(scanner.model()).isEqualTo("gemini-2.0-flash");
	}

	@Test
	void openAiStreamGivesItsFinalUsageAndItsEnd() {
		AnswerScanner scanner = scan(SpringAiStubs.OPENAI_STREAM);
		assertThat(scanner.inputTokens()).isEqualTo(5);
		assertThat(scanner.outputTokens()).isEqualTo(2);
		assertThat(scanner.endSeen()).isTrue();
	}

	@Test
	void anthropicStreamKeepsTheLastCumulativeOutputTokensAndSeesMessageStop() {
		AnswerScanner scanner = scan("""
				event: message_start
				data: {"type":"message_start","message":{"id":"msg_1","model":"claude-3-5-haiku-latest","usage":{"input_tokens":12,"output_tokens":1}}}

				event: message_delta
				data: {"type":"message_delta","delta":{"stop_reason":"end_turn"},"usage":{"output_tokens":15}}

				""");
		assertThat(scanner.endSeen()).isFalse();
		scanner.scan((byte) 0);
		AnswerScanner ended = scan("data: {\"type\":\"message_stop\"}\n\n");
		assertThat(ended.endSeen()).isTrue();
		assertThat(scanner.inputTokens()).isEqualTo(12);
		assertThat(scanner.outputTokens()).isEqualTo(15);
		assertThat(scanner.model()).isEqualTo("claude-3-5-haiku-latest");
	}

	@Test
	void escapedQuotesAndLongStringsDoNotConfuseIt() {
		AnswerScanner scanner = scan("{\"content\":\"say \\\"prompt_tokens\\\": 99 " + "x".repeat(100)
				+ "\",\"usage\":{\"prompt_tokens\" : 7,\"completion_tokens\":3}}");
		assertThat(scanner.inputTokens()).isEqualTo(7);
		assertThat(scanner.outputTokens()).isEqualTo(3);
	}

	@Test
	void aWholeOpenAiAnswerInABufferGivesItsUsageAndModel() {
		AnswerScanner scanner = scanAnswer(SpringAiStubs.OPENAI_ANSWER);
		assertThat(scanner.inputTokens()).isEqualTo(2);
		assertThat(scanner.outputTokens()).isEqualTo(1);
		assertThat(scanner.model()).isEqualTo("gpt-4o-mini");
	}

	@Test
	void aWholeAnthropicAnswerInABufferGivesItsUsageAndModel() {
		AnswerScanner scanner = scanAnswer("""
				{"id":"msg_1","type":"message","role":"assistant","model":"claude-3-5-haiku-latest",
				 "content":[{"type":"text","text":"ok"}],"stop_reason":"end_turn",
				 "usage":{"input_tokens":12,"cache_creation_input_tokens":0,"output_tokens":15}}""");
		assertThat(scanner.inputTokens()).isEqualTo(12);
		assertThat(scanner.outputTokens()).isEqualTo(15);
		assertThat(scanner.model()).isEqualTo("claude-3-5-haiku-latest");
	}

	@Test
	void fieldNamesQuotedInTheTextAndAnswersOverManySegmentsAreReadRight() {
		// the usage sits beyond the first segments of the buffer; the text quotes "usage" and "model" escaped
		String answer = "{\"choices\":[{\"message\":{\"content\":\"say \\\"usage\\\": {\\\"prompt_tokens\\\": 99}, "
				+ "\\\"model\\\": \\\"fake\\\" " + "x".repeat(40_000) + "\"}}],"
				+ "\"model\":\"gpt-4o-2024-08-06\",\"usage\":{\"prompt_tokens\":31,\"completion_tokens\":8,"
				+ "\"prompt_tokens_details\":{\"cached_tokens\":0}}}";
		AnswerScanner scanner = scanAnswer(answer);
		assertThat(scanner.inputTokens()).isEqualTo(31);
		assertThat(scanner.outputTokens()).isEqualTo(8);
		assertThat(scanner.model()).isEqualTo("gpt-4o-2024-08-06");
	}

	@Test
	void aWholeGeminiAnswerInABufferGivesItsUsageMetadataAndModelVersion() {
		// "model" first occurs as a value ("role":"model"), never as a field
		AnswerScanner scanner = scanAnswer(SpringAiStubs.GEMINI_ANSWER);
		assertThat(scanner.inputTokens()).isEqualTo(2);
		assertThat(scanner.outputTokens()).isEqualTo(1);
		assertThat(scanner.model()).isEqualTo("gemini-2.0-flash");
	}

	@Test
	void anAnswerWithoutUsageHasNoTokens() {
		AnswerScanner scanner = scanAnswer("{\"model\":\"m\",\"choices\":[]}");
		assertThat(scanner.hasTokens()).isFalse();
		assertThat(scanner.model()).isEqualTo("m");
	}

	private static AnswerScanner scanAnswer(String text) {
		okio.Buffer buffer = new okio.Buffer().writeUtf8(text);
		AnswerScanner scanner = new AnswerScanner();
		scanner.scanAnswer(buffer);
		assertThat(buffer.size()).isEqualTo(text.getBytes(StandardCharsets.UTF_8).length);
		return scanner;
	}

	private static AnswerScanner scan(String text) {
		AnswerScanner scanner = new AnswerScanner();
		for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
			scanner.scan(b);
		}
		return scanner;
	}

}
