package io.paracle.keys.resolve;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dotenv rules of {@link DotenvParser}.
 */
class DotenvParserTests {

	@Test
	void bareValuesDropInlineCommentsAndSurroundingSpace() {
		assertThat(DotenvParser.parse(List.of("A = one  # note", "B=two#three", "C=", "  ", "# A=ignored")))
			.containsExactly(entry("A", "one"), entry("B", "two#three"), entry("C", ""));
	}

	@Test
	void doubleQuotesUnescapeAndSingleQuotesAreLiteral() {
		assertThat(DotenvParser.parse(List.of("A=\"x\\\"y\\\\z\\n\"", "B='a\\nb' # c", "export C=\"q\"")))
			.containsExactly(entry("A", "x\"y\\z\n"), entry("B", "a\\nb"), entry("C", "q"));
	}

	@Test
	void laterLinesWin() {
		assertThat(DotenvParser.parse(List.of("A=1", "A=2"))).containsExactly(entry("A", "2"));
	}

	@Test
	void unparsableLinesAreSkippedByLineNumberWithoutTheirContentAndTheOtherEntriesKept() {
		DotenvParser.Result result = DotenvParser.parse(
				"A=1\n'secret-0001\nB=\"x\" secret-0002\nthis is secret-0003\nC=3\n", (name) -> null);
		assertThat(result.entries()).containsExactly(entry("A", "1"), entry("C", "3"));
		assertThat(result.skipped()).containsExactly(
				new DotenvParser.Skipped(2, "is not of the form NAME=value"),
				new DotenvParser.Skipped(3, "has text after the closing quote"),
				new DotenvParser.Skipped(4, "is not of the form NAME=value"));
		assertThat(result.skipped().toString()).doesNotContain("secret");
		assertThat(DotenvParser.parse("A='secret-0001\nB=2", (name) -> null).skipped())
			.containsExactly(new DotenvParser.Skipped(1, "opens a ' quote that is never closed"));
	}

	@Test
	void unknownEscapeInDoubleQuotesKeepsItsBackslash() {
		assertThat(DotenvParser.parse(List.of("A=\"C:\\Users\\x\"", "B=\"C:\\\\Users\""))).containsExactly(
				entry("A", "C:\\Users\\x"), entry("B", "C:\\Users"));
	}

	@Test
	void multiLineDoubleQuotedValueLoadsAndTheOtherKeysToo() {
		assertThat(DotenvParser.parse(List.of("OPENAI_API_KEY=sk-one-0001", "PEM=\"-----BEGIN KEY-----",
				"abc", "-----END KEY-----\"", "GROQ_API_KEY=gsk_two0001")))
			.containsExactly(entry("OPENAI_API_KEY", "sk-one-0001"),
					entry("PEM", "-----BEGIN KEY-----\nabc\n-----END KEY-----"), entry("GROQ_API_KEY", "gsk_two0001"));
	}

	@Test
	void variablesExpandFromTheEnvironmentThenEarlierLinesWithDefaults() {
		Map<String, String> environment = Map.of("HOME_KEY", "sk-env-0001");
		DotenvParser.Result result = DotenvParser.parse(
				"BASE=sk-file\nA=${HOME_KEY}\nB=\"${BASE}-0002\"\nC=${MISSING:-fallback}\nD=${MISSING}\n"
						+ "E='${BASE}'\nF=$BASE",
				environment::get);
		assertThat(result.entries()).containsExactly(entry("BASE", "sk-file"), entry("A", "sk-env-0001"),
				entry("B", "sk-file-0002"), entry("C", "fallback"), entry("D", ""), entry("E", "${BASE}"),
				entry("F", "$BASE"));
	}

	@Test
	void byteOrderMarkAtTheStartIsIgnored() {
		assertThat(DotenvParser.parse(List.of("\uFEFFOPENAI_API_KEY=sk-bom-0001")))
			.containsExactly(entry("OPENAI_API_KEY", "sk-bom-0001"));
	}

	private static java.util.Map.Entry<String, Object> entry(String key, String value) {
		return java.util.Map.entry(key, value);
	}

}
