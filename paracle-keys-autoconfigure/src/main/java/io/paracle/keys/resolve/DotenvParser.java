package io.paracle.keys.resolve;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses {@code .env} content with the rules users expect from dotenv tools: blank lines and {@code #} comment
 * lines skipped, an optional {@code export } prefix, values in double quotes (with {@code \n}, {@code \"} and
 * {@code \\} escapes), in single quotes (literal), or bare (an inline comment after a space is dropped, the
 * value trimmed). Later lines win.
 * <p>
 * Written here because the common library (dotenv-java 3.2.0) rejects {@code export} lines and keeps the quotes
 * of a quoted value followed by a comment. Errors name the line number, never its content: it may hold a key.
 *
 * @author paracle-keys
 */
final class DotenvParser {

	private static final Pattern ENTRY = Pattern
		.compile("^\\s*(?:export\\s+)?([A-Za-z_][A-Za-z0-9_.\\-]*)\\s*=\\s*(.*?)\\s*$");

	private DotenvParser() {
	}

	static Map<String, Object> parse(List<String> lines) {
		Map<String, Object> entries = new LinkedHashMap<>();
		for (int index = 0; index < lines.size(); index++) {
			String line = lines.get(index);
			String trimmed = line.strip();
			if (trimmed.isEmpty() || trimmed.startsWith("#")) {
				continue;
			}
			Matcher matcher = ENTRY.matcher(line);
			if (!matcher.matches()) {
				throw new IllegalArgumentException("line " + (index + 1) + " is not of the form NAME=value");
			}
			entries.put(matcher.group(1), value(matcher.group(2), index + 1));
		}
		return entries;
	}

	private static String value(String raw, int lineNumber) {
		if (raw.startsWith("\"")) {
			return doubleQuoted(raw, lineNumber);
		}
		if (raw.startsWith("'")) {
			int end = raw.indexOf('\'', 1);
			if (end < 0) {
				throw new IllegalArgumentException("line " + lineNumber + " opens a ' quote that is never closed");
			}
			requireOnlyComment(raw.substring(end + 1), lineNumber);
			return raw.substring(1, end);
		}
		int comment = raw.indexOf(" #");
		int tabComment = raw.indexOf("\t#");
		int cut = (comment < 0) ? tabComment : (tabComment < 0) ? comment : Math.min(comment, tabComment);
		return ((cut >= 0) ? raw.substring(0, cut) : raw).strip();
	}

	private static String doubleQuoted(String raw, int lineNumber) {
		StringBuilder value = new StringBuilder();
		for (int i = 1; i < raw.length(); i++) {
			char c = raw.charAt(i);
			if (c == '\\' && i + 1 < raw.length()) {
				char next = raw.charAt(++i);
				value.append(switch (next) {
					case 'n' -> '\n';
					case 'r' -> '\r';
					case 't' -> '\t';
					default -> next;
				});
			}
			else if (c == '"') {
				requireOnlyComment(raw.substring(i + 1), lineNumber);
				return value.toString();
			}
			else {
				value.append(c);
			}
		}
		throw new IllegalArgumentException("line " + lineNumber + " opens a \" quote that is never closed");
	}

	private static void requireOnlyComment(String rest, int lineNumber) {
		String trimmed = rest.strip();
		if (!trimmed.isEmpty() && !trimmed.startsWith("#")) {
			throw new IllegalArgumentException("line " + lineNumber + " has text after the closing quote");
		}
	}

}
