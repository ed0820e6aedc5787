package io.paracle.keys.provider.client;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
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

	static JsonNode read(InputStream body) {
		return MAPPER.readTree(body);
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
