package io.paracle.keys.resolve;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * python-dotenv's own cases, transcribed: every case of its {@code tests/test_parser.py} ({@code test_parse_stream},
 * 45 cases) and the interpolation cases of {@code tests/test_main.py} ({@code test_dotenv_values_string_io}, 20
 * cases), run against {@link DotenvParser}. Inputs and expected values are python-dotenv's (commit bca6644);
 * only the form changed: a {@code Binding} with a key and a value is an entry, a {@code Binding} with
 * {@code error=True} is a skipped line (its line number), and a {@code Binding} with a key but no value
 * ({@code no_value_var}) sets nothing, as {@code load_dotenv} sets nothing for it.
 */
class PythonDotenvCasesTests {

	/**
	 * Every deliberate difference from python-dotenv, by case input, with the value this parser gives instead and
	 * the reason. Every case not listed here gives python-dotenv's result.
	 */
	static final Map<String, Difference> DIFFERENCES = differences();

	private static Map<String, Difference> differences() {
		Map<String, Difference> differences = new LinkedHashMap<>();
		differences.put(interpolationId(Map.of("b", "c"), "a=${b}", false), new Difference(entries("a", "c"),
				"interpolation is always on, as load_dotenv's default; there is no interpolate=False switch"));
		differences.put(interpolationId(Map.of("b", "c"), "a=${b:-d}", false), new Difference(entries("a", "c"),
				"interpolation is always on, as load_dotenv's default; there is no interpolate=False switch"));
		differences.put(interpolationId(Map.of("b", "c"), "a='${b}'", true), new Difference(entries("a", "${b}"),
				"single quotes are literal, as in a shell, Docker Compose and Node's dotenv-expand: the one way to "
						+ "write a literal ${ in a value"));
		differences.put(interpolationId(Map.of("b", "c"), "b=d\na=${b}", true), new Difference(
				entries("b", "d", "a", "c"),
				"the real environment wins over the file (the .env source is below it), so ${b} is what the "
						+ "application sees: load_dotenv(override=False) semantics, python-dotenv's default for "
						+ "loading; dotenv_values, which this case calls, uses override=True"));
		return differences;
	}

	@Test
	void everyCaseIsTranscribedAndOnlyTheListedOnesDiffer() {
		assertThat(parserCases()).hasSize(45);
		assertThat(interpolationCases()).hasSize(20);
		assertThat(DIFFERENCES).hasSize(4);
		assertThat(interpolationCases().map((arguments) -> (String) arguments.get()[0]))
			.containsAll(DIFFERENCES.keySet());
	}

	@ParameterizedTest(name = "[{index}] {0}")
	@MethodSource("parserCases")
	void pythonDotenvParserCase(String id, String input, Map<String, String> expected, List<Integer> errorLines) {
		check(id, input, Map.of(), expected, errorLines);
	}

	@ParameterizedTest(name = "[{index}] {0}")
	@MethodSource("interpolationCases")
	void pythonDotenvInterpolationCase(String id, String input, Map<String, String> environment,
			Map<String, String> expected) {
		check(id, input, environment, expected, List.of());
	}

	private static void check(String id, String input, Map<String, String> environment, Map<String, String> expected,
			List<Integer> errorLines) {
		Parsed parsed = parse(input, environment);
		Difference difference = DIFFERENCES.get(id);
		if (difference != null) {
			assertThat(parsed.entries()).as("deliberate difference: " + difference.reason())
				.containsExactlyInAnyOrderEntriesOf(difference.entries());
			assertThat(parsed.entries()).isNotEqualTo(expected);
			return;
		}
		assertThat(parsed.entries()).as(id).containsExactlyInAnyOrderEntriesOf(expected);
		assertThat(parsed.errorLines()).as(id + " skipped lines").isEqualTo(errorLines);
	}

	private static Parsed parse(String input, Map<String, String> environment) {
		DotenvParser.Result result = DotenvParser.parse(input, environment::get);
		Map<String, String> entries = new LinkedHashMap<>();
		result.entries().forEach((key, value) -> entries.put(key, value.toString()));
		return new Parsed(entries, result.skipped().stream().map(DotenvParser.Skipped::line).toList());
	}

	static Stream<Arguments> parserCases() {
		return Stream.of(
				parser("", List.of()),
				parser("a=b", List.of(), "a", "b"),
				parser("'a'=b", List.of(), "a", "b"),
				parser("[=b", List.of(), "[", "b"),
				parser(" a = b ", List.of(), "a", "b"),
				parser("export a=b", List.of(), "a", "b"),
				parser(" export 'a'=b", List.of(), "a", "b"),
				parser("# a=b", List.of()),
				parser("a=b#c", List.of(), "a", "b#c"),
				parser("a=b #c", List.of(), "a", "b"),
				parser("a=b\t#c", List.of(), "a", "b"),
				parser("a=b c", List.of(), "a", "b c"),
				parser("a=b\tc", List.of(), "a", "b\tc"),
				parser("a=b  c", List.of(), "a", "b  c"),
				parser("a=b\u00a0 c", List.of(), "a", "b\u00a0 c"),
				parser("a=b c ", List.of(), "a", "b c"),
				parser("a='b c '", List.of(), "a", "b c "),
				parser("a=\"b c \"", List.of(), "a", "b c "),
				parser("export export_a=1", List.of(), "export_a", "1"),
				parser("export port=8000", List.of(), "port", "8000"),
				parser("a=\"b\nc\"", List.of(), "a", "b\nc"),
				parser("a='b\nc'", List.of(), "a", "b\nc"),
				parser("a=\"b\nc\"", List.of(), "a", "b\nc"),
				parser("a=\"b\\nc\"", List.of(), "a", "b\nc"),
				parser("a='b\\nc'", List.of(), "a", "b\\nc"),
				parser("a=\"b\\\"c\"", List.of(), "a", "b\"c"),
				parser("a='b\\'c'", List.of(), "a", "b'c"),
				parser("a=à", List.of(), "a", "à"),
				parser("a=\"à\"", List.of(), "a", "à"),
				parser("no_value_var", List.of()),
				parser("a: b", List.of(1)),
				parser("a=b\nc=d", List.of(), "a", "b", "c", "d"),
				parser("a=b\rc=d", List.of(), "a", "b", "c", "d"),
				parser("a=b\r\nc=d", List.of(), "a", "b", "c", "d"),
				parser("a=\nb=c", List.of(), "a", "", "b", "c"),
				parser("\n\n", List.of()),
				parser("a=b\n\n", List.of(), "a", "b"),
				parser("a=b\n\nc=d", List.of(), "a", "b", "c", "d"),
				parser("a=\"\nb=c", List.of(1), "b", "c"),
				parser("# comment\na=\"b\nc\"\nd=e\n", List.of(), "a", "b\nc", "d", "e"),
				parser("a=b\n# comment 1", List.of(), "a", "b"),
				parser("# comment 1\n# comment 2", List.of()),
				parser("uglyKey[%$=\"S3cr3t_P4ssw#rD\" #\na=b", List.of(), "uglyKey[%$", "S3cr3t_P4ssw#rD", "a", "b"),
				parser("\ufeffa=b", List.of(), "a", "b"),
				parser("\ufeffa=b\nc=d", List.of(), "a", "b", "c", "d"));
	}

	static Stream<Arguments> interpolationCases() {
		return Stream.of(
				// Defined in environment, with and without interpolation
				interpolation(Map.of("b", "c"), "a=$b", false, "a", "$b"),
				interpolation(Map.of("b", "c"), "a=$b", true, "a", "$b"),
				interpolation(Map.of("b", "c"), "a=${b}", false, "a", "${b}"),
				interpolation(Map.of("b", "c"), "a=${b}", true, "a", "c"),
				interpolation(Map.of("b", "c"), "a=${b:-d}", false, "a", "${b:-d}"),
				interpolation(Map.of("b", "c"), "a=${b:-d}", true, "a", "c"),
				// Defined in file
				interpolation(Map.of(), "b=c\na=${b}", true, "a", "c", "b", "c"),
				// Undefined
				interpolation(Map.of(), "a=${b}", true, "a", ""),
				interpolation(Map.of(), "a=${b:-d}", true, "a", "d"),
				// With quotes
				interpolation(Map.of("b", "c"), "a=\"${b}\"", true, "a", "c"),
				interpolation(Map.of("b", "c"), "a='${b}'", true, "a", "c"),
				// With surrounding text
				interpolation(Map.of("b", "c"), "a=x${b}y", true, "a", "xcy"),
				// Self-referential
				interpolation(Map.of("a", "b"), "a=${a}", true, "a", "b"),
				interpolation(Map.of(), "a=${a}", true, "a", ""),
				interpolation(Map.of("a", "b"), "a=${a:-c}", true, "a", "b"),
				interpolation(Map.of(), "a=${a:-c}", true, "a", "c"),
				// Reused
				interpolation(Map.of("b", "c"), "a=${b}${b}", true, "a", "cc"),
				// Re-defined and used in file
				interpolation(Map.of("b", "c"), "b=d\na=${b}", true, "a", "d", "b", "d"),
				interpolation(Map.of(), "a=b\na=c\nd=${a}", true, "a", "c", "d", "c"),
				interpolation(Map.of(), "a=b\nc=${a}\nd=e\nc=${d}", true, "a", "b", "c", "e", "d", "e"));
	}

	private static Arguments parser(String input, List<Integer> errorLines, String... pairs) {
		return Arguments.of(input.replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t"), input,
				entries(pairs), errorLines);
	}

	private static Arguments interpolation(Map<String, String> environment, String input, boolean interpolate,
			String... pairs) {
		return Arguments.of(interpolationId(environment, input, interpolate), input, environment, entries(pairs));
	}

	private static String interpolationId(Map<String, String> environment, String input, boolean interpolate) {
		return "env " + environment + ", " + input.replace("\n", "\\n") + ", interpolate=" + interpolate;
	}

	private static Map<String, String> entries(String... pairs) {
		Map<String, String> entries = new LinkedHashMap<>();
		for (int i = 0; i < pairs.length; i += 2) {
			entries.put(pairs[i], pairs[i + 1]);
		}
		return entries;
	}

	record Parsed(Map<String, String> entries, List<Integer> errorLines) {
	}

	record Difference(Map<String, String> entries, String reason) {
	}

}
