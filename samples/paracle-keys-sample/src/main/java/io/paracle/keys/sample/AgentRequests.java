package io.paracle.keys.sample;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The body and header rules the agent routes share ({@code /api/v1/agents/test} and {@code /stream}): the
 * message from a JSON body sent with or without a content type, and a per-call key from
 * {@code Authorization: Bearer}.
 *
 * @author paracle-keys
 */
final class AgentRequests {

	private static final JsonMapper json = JsonMapper.builder().build();

	private AgentRequests() {
	}

	static String message(@Nullable String body) {
		if (body == null || body.isBlank()) {
			throw new BadMessageException("The body must be JSON with a message, e.g. {\"message\": \"test\"}.");
		}
		JsonNode node = readJson(body);
		if (node == null) {
			// curl -d without a Content-Type sends a form: the servlet container hands the JSON back URL-encoded
			node = readJson(stripFormEquals(URLDecoder.decode(body, StandardCharsets.UTF_8)));
		}
		if (node == null) {
			throw new BadMessageException("The body is not JSON; send {\"message\": \"test\"}.");
		}
		String message = node.path("message").asString(null);
		if (message == null || message.isBlank()) {
			throw new BadMessageException("The JSON body has no \"message\", e.g. {\"message\": \"test\"}.");
		}
		return message;
	}

	static @Nullable String bearerKey(@Nullable String authorization) {
		if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
			return null;
		}
		String key = authorization.substring(7).strip();
		return key.isEmpty() ? null : key;
	}

	private static @Nullable JsonNode readJson(String body) {
		try {
			return json.readTree(body);
		}
		catch (JacksonException ex) {
			return null;
		}
	}

	private static String stripFormEquals(String body) {
		return body.endsWith("=") ? body.substring(0, body.length() - 1) : body;
	}

}
