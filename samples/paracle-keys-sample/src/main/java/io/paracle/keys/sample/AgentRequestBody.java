package io.paracle.keys.sample;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.MediaType;

/**
 * The body of a request to an agent route, as the client sent it: the raw bytes, read by
 * {@link AgentRequestBodyFilter} (at most {@code paracle.sample.max-request-size}) before anything could decode
 * them as a form. A controller takes it with
 * {@code @RequestAttribute(AgentRequestBody.ATTRIBUTE) AgentRequestBody body}.
 * <p>
 * A body that is JSON is read as JSON whatever its content type, so the guide's {@code curl -d '{"message":
 * "a+b & c=d"}'} (which curl sends as {@code application/x-www-form-urlencoded}) delivers {@code a+b & c=d}
 * unchanged; only a form body that is not JSON is URL-decoded first ({@code curl --data-urlencode}).
 *
 * @author paracle-keys
 */
final class AgentRequestBody {

	/** The request attribute that holds the body. */
	static final String ATTRIBUTE = "io.paracle.keys.sample.AgentRequestBody";

	private static final JsonMapper json = JsonMapper.builder().build();

	private final byte[] bytes;

	private final @Nullable String contentType;

	AgentRequestBody(byte[] bytes, @Nullable String contentType) {
		this.bytes = bytes;
		this.contentType = contentType;
	}

	/**
	 * Return the {@code message} of the JSON body.
	 * @return the message, as sent
	 * @throws BadMessageException when the body is empty, not JSON, or has no message
	 */
	String message() {
		String text = new String(this.bytes, StandardCharsets.UTF_8);
		if (text.isBlank()) {
			throw new BadMessageException("The body must be JSON with a message, e.g. {\"message\": \"test\"}.");
		}
		JsonNode node = readJson(text);
		if (node == null && isForm()) {
			// curl --data-urlencode: the JSON arrives URL-encoded
			node = readJson(stripTrailingEquals(URLDecoder.decode(text, StandardCharsets.UTF_8)));
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

	private boolean isForm() {
		try {
			return this.contentType != null
					&& MediaType.APPLICATION_FORM_URLENCODED.includes(MediaType.parseMediaType(this.contentType));
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
	}

	private static @Nullable JsonNode readJson(String body) {
		try {
			JsonNode node = json.readTree(body);
			return (node != null && node.isObject()) ? node : null;
		}
		catch (JacksonException ex) {
			return null;
		}
	}

	private static String stripTrailingEquals(String body) {
		return body.endsWith("=") ? body.substring(0, body.length() - 1) : body;
	}

}
