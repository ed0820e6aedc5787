package io.paracle.keys.resolve;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * Parses {@code .env} content with python-dotenv's rules (its parser, ported regular expression by regular
 * expression; {@code PythonDotenvCasesTests} runs its own cases): blank lines and {@code #} comments skipped, an
 * optional {@code export } prefix, values in double quotes (may span lines; {@code \n}, {@code \t}, {@code \"},
 * {@code \\} and the other C escapes decoded, an unknown escape such as {@code \U} kept with its backslash), in
 * single quotes (may span lines; only {@code \'} and {@code \\} decoded), or bare (an inline comment after
 * whitespace dropped, the value trimmed). Later lines win. A UTF-8 byte-order mark at the start is ignored.
 * <p>
 * {@code ${NAME}} and {@code ${NAME:-default}} in bare and double-quoted values are expanded from the
 * environment, then from earlier lines of the file (the environment wins, as it wins over the file); an unset
 * name expands to the default or to nothing. Single-quoted values are literal.
 * <p>
 * A line that cannot be parsed is skipped and reported by its line number, never its content (it may hold a
 * key); the other entries are kept, as python-dotenv, Node's dotenv and Docker Compose do.
 *
 * @author paracle-keys
 */
final class DotenvParser {

	private static final int FLAGS = Pattern.UNICODE_CHARACTER_CLASS;

	private static final Pattern NEWLINE = Pattern.compile("(\\r\\n|\\n|\\r)");

	private static final Pattern MULTILINE_WHITESPACE = Pattern.compile("\\s*", FLAGS);

	private static final Pattern WHITESPACE = Pattern.compile("[^\\S\\r\\n]*", FLAGS);

	private static final Pattern EXPORT = Pattern.compile("(?:export[^\\S\\r\\n]+)?", FLAGS);

	private static final Pattern SINGLE_QUOTED_KEY = Pattern.compile("'([^']+)'");

	private static final Pattern UNQUOTED_KEY = Pattern.compile("([^=#\\s]+)", FLAGS);

	private static final Pattern EQUAL_SIGN = Pattern.compile("(=[^\\S\\r\\n]*)", FLAGS);

	private static final Pattern SINGLE_QUOTED_VALUE = Pattern.compile("'((?:\\\\'|[^'])*)'");

	private static final Pattern DOUBLE_QUOTED_VALUE = Pattern.compile("\"((?:\\\\\"|[^\"])*)\"");

	private static final Pattern UNQUOTED_VALUE = Pattern.compile("([^\\r\\n]*)");

	private static final Pattern COMMENT = Pattern.compile("(?:[^\\S\\r\\n]*#[^\\r\\n]*)?", FLAGS);

	private static final Pattern END_OF_LINE = Pattern.compile("[^\\S\\r\\n]*(?:\\r\\n|\\n|\\r|$)", FLAGS);

	private static final Pattern REST_OF_LINE = Pattern.compile("[^\\r\\n]*(?:\\r|\\n|\\r\\n)?");

	private static final Pattern DOUBLE_QUOTE_ESCAPES = Pattern.compile("\\\\[\\\\'\"abfnrtv]");

	private static final Pattern SINGLE_QUOTE_ESCAPES = Pattern.compile("\\\\[\\\\']");

	private static final Pattern INLINE_COMMENT = Pattern.compile("\\s+#.*", FLAGS);

	private static final Pattern VARIABLE = Pattern.compile("\\$\\{([^}:]*)(?::-([^}]*))?}");

	private static final String NOT_AN_ENTRY = "is not of the form NAME=value";

	private final String content;

	private final Function<String, @Nullable String> environment;

	private final Map<String, Object> entries = new LinkedHashMap<>();

	private final List<Skipped> skipped = new ArrayList<>();

	private final List<Unset> unset = new ArrayList<>();

	private int position;

	private int line = 1;

	private String failure = NOT_AN_ENTRY;

	private DotenvParser(String content, Function<String, @Nullable String> environment) {
		this.content = content.startsWith("\uFEFF") ? content.substring(1) : content;
		this.environment = environment;
	}

	/**
	 * Parse lines without an environment to expand from.
	 */
	static Map<String, Object> parse(List<String> lines) {
		return parse(String.join("\n", lines), (name) -> null).entries();
	}

	/**
	 * Parse the content of a file.
	 * @param content the content
	 * @param environment looks a name up in the environment, for {@code ${NAME}}
	 * @return the entries and the lines that were skipped
	 */
	static Result parse(String content, Function<String, @Nullable String> environment) {
		DotenvParser parser = new DotenvParser(content, environment);
		while (parser.position < parser.content.length()) {
			parser.entry();
		}
		return new Result(parser.entries, List.copyOf(parser.skipped), List.copyOf(parser.unset));
	}

	/**
	 * Read a file as UTF-8, refusing any byte that is not UTF-8 with the number of its line.
	 * @param file the file
	 * @return the content
	 * @throws IOException when the file cannot be read
	 * @throws DotenvFileException when the file is not UTF-8
	 */
	static String read(Path file) throws IOException {
		byte[] bytes = Files.readAllBytes(file);
		CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
			.onMalformedInput(CodingErrorAction.REPORT)
			.onUnmappableCharacter(CodingErrorAction.REPORT);
		ByteBuffer in = ByteBuffer.wrap(bytes);
		CharBuffer out = CharBuffer.allocate(bytes.length);
		CoderResult result = decoder.decode(in, out, true);
		if (result.isError()) {
			int line = 1;
			for (int i = 0; i < in.position(); i++) {
				if (bytes[i] == '\n' || (bytes[i] == '\r' && (i + 1 >= bytes.length || bytes[i + 1] != '\n'))) {
					line++;
				}
			}
			throw new DotenvFileException(file + " is not UTF-8: line " + line
					+ " holds a byte that is not UTF-8 (an editor saved it as Latin-1 or Windows-1252)",
					"Save " + file + " as UTF-8 and check line " + line + ": a key is plain ASCII, so retype any "
							+ "accented or typographic character in it; or set paracle.keys.dotenv.enabled=false "
							+ "to skip the file.",
					null);
		}
		decoder.flush(out);
		return out.flip().toString();
	}

	private void entry() {
		int entryLine = this.line;
		try {
			read(MULTILINE_WHITESPACE);
			if (this.position >= this.content.length()) {
				return;
			}
			entryLine = this.line;
			this.failure = NOT_AN_ENTRY;
			read(EXPORT);
			String key = key();
			read(WHITESPACE);
			Value value = null;
			if (peek() == '=') {
				read(EQUAL_SIGN);
				value = value();
			}
			read(COMMENT);
			read(END_OF_LINE);
			if (key != null && value != null) {
				this.entries.put(key, value.literal() ? value.text() : expand(value.text(), entryLine));
			}
		}
		catch (ParseFailure ex) {
			read(REST_OF_LINE);
			this.skipped.add(new Skipped(entryLine, this.failure));
		}
	}

	private @Nullable String key() {
		char first = peek();
		if (first == '#') {
			return null;
		}
		return read((first == '\'') ? SINGLE_QUOTED_KEY : UNQUOTED_KEY);
	}

	private Value value() {
		char first = peek();
		if (first == '\'') {
			this.failure = "opens a ' quote that is never closed";
			String value = read(SINGLE_QUOTED_VALUE);
			this.failure = "has text after the closing quote";
			return new Value(decodeEscapes(SINGLE_QUOTE_ESCAPES, value), true);
		}
		if (first == '"') {
			this.failure = "opens a \" quote that is never closed";
			String value = read(DOUBLE_QUOTED_VALUE);
			this.failure = "has text after the closing quote";
			return new Value(decodeEscapes(DOUBLE_QUOTE_ESCAPES, value), false);
		}
		if (first == 0 || first == '\n' || first == '\r') {
			return new Value("", false);
		}
		String part = INLINE_COMMENT.matcher(read(UNQUOTED_VALUE)).replaceAll("");
		int end = part.length();
		while (end > 0 && isSpace(part.charAt(end - 1))) {
			end--;
		}
		return new Value(part.substring(0, end), false);
	}

	private static boolean isSpace(char c) {
		return Character.isWhitespace(c) || Character.isSpaceChar(c);
	}

	private char peek() {
		return (this.position < this.content.length()) ? this.content.charAt(this.position) : 0;
	}

	/**
	 * Match a pattern at the current position, move past it, and return its first group (or the whole match).
	 */
	private String read(Pattern pattern) {
		Matcher matcher = pattern.matcher(this.content).region(this.position, this.content.length());
		if (!matcher.lookingAt()) {
			throw new ParseFailure();
		}
		String consumed = matcher.group();
		Matcher newlines = NEWLINE.matcher(consumed);
		while (newlines.find()) {
			this.line++;
		}
		this.position = matcher.end();
		return (matcher.groupCount() > 0 && matcher.group(1) != null) ? matcher.group(1) : consumed;
	}

	private static String decodeEscapes(Pattern escapes, String value) {
		return escapes.matcher(value).replaceAll((match) -> Matcher.quoteReplacement(switch (match.group().charAt(1)) {
			case 'a' -> "\u0007";
			case 'b' -> "\b";
			case 'f' -> "\f";
			case 'n' -> "\n";
			case 'r' -> "\r";
			case 't' -> "\t";
			case 'v' -> "\u000B";
			default -> match.group().substring(1);
		}));
	}

	private String expand(String value, int entryLine) {
		return VARIABLE.matcher(value).replaceAll((match) -> {
			String name = match.group(1);
			String found = this.environment.apply(name);
			if (found == null) {
				Object earlier = this.entries.get(name);
				found = (earlier != null) ? earlier.toString() : null;
			}
			if (found == null && match.group(2) == null) {
				this.unset.add(new Unset(entryLine, name));
			}
			if (found == null) {
				found = (match.group(2) != null) ? match.group(2) : "";
			}
			return Matcher.quoteReplacement(found);
		});
	}

	/**
	 * What a file held: its entries, the lines that were skipped, and the {@code ${NAME}} without a default
	 * that nothing defined (each expanded to nothing).
	 *
	 * @param entries the entries, in order
	 * @param skipped the lines that could not be parsed
	 * @param unset the names that were not set where they were used
	 */
	record Result(Map<String, Object> entries, List<Skipped> skipped, List<Unset> unset) {
	}

	/**
	 * A {@code ${NAME}} that neither the environment nor an earlier line defined.
	 *
	 * @param line the 1-based line number of the entry that used it
	 * @param name the name
	 */
	record Unset(int line, String name) {
	}

	/**
	 * A line that could not be parsed; never holds its content.
	 *
	 * @param line the 1-based line number where the entry starts
	 * @param reason what is wrong with it
	 */
	record Skipped(int line, String reason) {
	}

	private record Value(String text, boolean literal) {
	}

	private static final class ParseFailure extends RuntimeException {

		ParseFailure() {
			super(null, null, false, false);
		}

	}

}
