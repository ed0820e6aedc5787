package io.paracle.keys.resolve;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

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
	void errorsNameTheLineButNotItsContent() {
		assertThatIllegalArgumentException().isThrownBy(() -> DotenvParser.parse(List.of("A=1", "'secret-0001'")))
			.withMessage("line 2 is not of the form NAME=value");
		assertThatIllegalArgumentException().isThrownBy(() -> DotenvParser.parse(List.of("A='secret-0001")))
			.withMessage("line 1 opens a ' quote that is never closed");
		assertThatIllegalArgumentException().isThrownBy(() -> DotenvParser.parse(List.of("A=\"x\" secret-0001")))
			.withMessage("line 1 has text after the closing quote");
	}

	private static java.util.Map.Entry<String, Object> entry(String key, String value) {
		return java.util.Map.entry(key, value);
	}

}
