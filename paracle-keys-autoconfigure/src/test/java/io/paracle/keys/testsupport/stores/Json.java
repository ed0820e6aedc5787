package io.paracle.keys.testsupport.stores;

import java.util.Iterator;
import java.util.Map;

/**
 * Just enough JSON for the fakes, with no library behind it: writes maps, lists,
 * strings, numbers, booleans and {@code null}, and reads one string member of a flat
 * object.
 */
final class Json {

	private Json() {
	}

	/**
	 * Write a value as JSON. Maps keep their iteration order.
	 * @param value a {@link Map}, {@link Iterable}, {@link CharSequence}, {@link Number},
	 * {@link Boolean} or {@code null}
	 * @return the JSON text
	 */
	static String write(Object value) {
		StringBuilder out = new StringBuilder();
		append(out, value);
		return out.toString();
	}

	/**
	 * Quote a string as a JSON string literal.
	 * @param value the string
	 * @return the literal, quotes included
	 */
	static String string(String value) {
		StringBuilder out = new StringBuilder();
		appendString(out, value);
		return out.toString();
	}

	/**
	 * Read a top-level string member of a JSON object, for example {@code SecretId} out
	 * of {@code {"SecretId":"paracle/api-keys"}}.
	 * @param json the JSON object text
	 * @param member the member name
	 * @return the unescaped value, or {@code null} when absent or not a string
	 */
	static String readString(String json, String member) {
		String key = string(member);
		int at = json.indexOf(key);
		while (at >= 0) {
			int cursor = skipWhitespace(json, at + key.length());
			if (cursor < json.length() && json.charAt(cursor) == ':') {
				cursor = skipWhitespace(json, cursor + 1);
				return (cursor < json.length() && json.charAt(cursor) == '"') ? readLiteral(json, cursor) : null;
			}
			at = json.indexOf(key, at + 1);
		}
		return null;
	}

	private static int skipWhitespace(String json, int from) {
		int cursor = from;
		while (cursor < json.length() && Character.isWhitespace(json.charAt(cursor))) {
			cursor++;
		}
		return cursor;
	}

	private static String readLiteral(String json, int openingQuote) {
		StringBuilder value = new StringBuilder();
		for (int i = openingQuote + 1; i < json.length(); i++) {
			char c = json.charAt(i);
			if (c == '"') {
				return value.toString();
			}
			if (c != '\\') {
				value.append(c);
				continue;
			}
			char escaped = json.charAt(++i);
			switch (escaped) {
				case 'n' -> value.append('\n');
				case 'r' -> value.append('\r');
				case 't' -> value.append('\t');
				case 'b' -> value.append('\b');
				case 'f' -> value.append('\f');
				case 'u' -> {
					value.append((char) Integer.parseInt(json.substring(i + 1, i + 5), 16));
					i += 4;
				}
				default -> value.append(escaped);
			}
		}
		throw new IllegalArgumentException("Unterminated JSON string");
	}

	private static void append(StringBuilder out, Object value) {
		if (value == null) {
			out.append("null");
		}
		else if (value instanceof CharSequence text) {
			appendString(out, text.toString());
		}
		else if (value instanceof Number || value instanceof Boolean) {
			out.append(value);
		}
		else if (value instanceof Map<?, ?> map) {
			out.append('{');
			Iterator<? extends Map.Entry<?, ?>> entries = map.entrySet().iterator();
			while (entries.hasNext()) {
				Map.Entry<?, ?> entry = entries.next();
				appendString(out, String.valueOf(entry.getKey()));
				out.append(':');
				append(out, entry.getValue());
				if (entries.hasNext()) {
					out.append(',');
				}
			}
			out.append('}');
		}
		else if (value instanceof Iterable<?> items) {
			out.append('[');
			Iterator<?> iterator = items.iterator();
			while (iterator.hasNext()) {
				append(out, iterator.next());
				if (iterator.hasNext()) {
					out.append(',');
				}
			}
			out.append(']');
		}
		else {
			throw new IllegalArgumentException("Cannot write " + value.getClass().getName() + " as JSON");
		}
	}

	private static void appendString(StringBuilder out, String value) {
		out.append('"');
		for (int i = 0; i < value.length(); i++) {
			char c = value.charAt(i);
			switch (c) {
				case '"' -> out.append("\\\"");
				case '\\' -> out.append("\\\\");
				case '\n' -> out.append("\\n");
				case '\r' -> out.append("\\r");
				case '\t' -> out.append("\\t");
				default -> {
					if (c < 0x20) {
						out.append(String.format("\\u%04x", (int) c));
					}
					else {
						out.append(c);
					}
				}
			}
		}
		out.append('"');
	}

}
