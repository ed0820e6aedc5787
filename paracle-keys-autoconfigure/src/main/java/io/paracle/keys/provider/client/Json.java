package io.paracle.keys.provider.client;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JsonParser;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.MissingNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The JSON of the wire formats: one private {@link JsonMapper} (the application's mapper settings must not
 * change what is sent to a provider) and lenient readers for provider answers.
 *
 * @author paracle-keys
 */
final class Json {

	private static final JsonMapper MAPPER = JsonMapper.builder().build();

	private Json() {
	}

	static ObjectNode object() {
		return MAPPER.createObjectNode();
	}

	static byte[] write(JsonNode node) {
		return MAPPER.writeValueAsBytes(node);
	}

	static JsonParser parser(InputStream body) {
		return MAPPER.createParser(body);
	}

	static JsonParser parser(byte[] data, int length) {
		return MAPPER.createParser(data, 0, length);
	}

	/**
	 * Return a bare parser of one stream event's data, without the mapper's read context (a context per event is
	 * a few hundred bytes per chunk): for token-by-token readers only; trees are read with {@link #readTree}.
	 */
	static JsonParser tokenParser(byte[] data, int length) {
		return MAPPER.tokenStreamFactory().createParser(ObjectReadContext.empty(), data, 0, length);
	}

	static JsonNode readTree(JsonParser parser) {
		JsonNode node = MAPPER.readTree(parser);
		// an empty body reads as no tree at all: the same missing answer as an empty object
		return (node != null) ? node : MissingNode.getInstance();
	}

	/**
	 * Return the string at the parser's current token, or {@code null} when it is not a string (the value is
	 * skipped).
	 */
	static @Nullable String text(JsonParser parser) {
		if (parser.currentToken() == JsonToken.VALUE_STRING) {
			return parser.getString();
		}
		parser.skipChildren();
		return null;
	}

	/**
	 * Return the integral value at the parser's current token, or {@code 0} when it is not a number (the value is
	 * skipped).
	 */
	static long number(JsonParser parser) {
		if (parser.currentToken().isNumeric()) {
			return parser.getValueAsLong(0);
		}
		parser.skipChildren();
		return 0;
	}

	static JsonNode read(String body) {
		return MAPPER.readTree(body);
	}

	/**
	 * Return the string value of a node, or {@code null} when it is missing, null or not a string.
	 */
	static @Nullable String text(JsonNode node) {
		return node.isString() ? node.stringValue() : null;
	}

	/**
	 * Return the integral value of a node, or {@code 0} when it is missing or not a number.
	 */
	static long number(JsonNode node) {
		return node.isNumber() ? node.asLong() : 0;
	}

	/**
	 * Collect a string field of each element of an array.
	 */
	static List<String> strings(JsonNode array, String field) {
		List<String> values = new ArrayList<>(array.size());
		for (JsonNode element : array) {
			String value = text(element.path(field));
			if (value != null) {
				values.add(value);
			}
		}
		return values;
	}

}
