package io.paracle.keys.sample;

import io.paracle.keys.resolve.ApiKey;
import io.paracle.keys.resolve.ApiKeys;
import io.paracle.keys.resolve.KeyOrigin;
import io.paracle.keys.resolve.KeySourceKind;
import org.jspecify.annotations.Nullable;

/**
 * The header rule the agent routes share ({@code /api/v1/agents/test} and {@code /stream}): a per-call key from
 * {@code Authorization: Bearer}, checked like a configured key. Their body is read by
 * {@link AgentRequestBodyFilter} into an {@link AgentRequestBody}.
 *
 * @author paracle-keys
 */
final class AgentRequests {

	/** Where a per-call key from the {@code Authorization} header comes from, as its messages name it. */
	static final KeyOrigin AUTHORIZATION_HEADER = new KeyOrigin(KeySourceKind.PER_CALL, "Authorization header",
			null);

	private AgentRequests() {
	}

	/**
	 * The key of an {@code Authorization: Bearer <key>} header, checked like a configured key (whitespace,
	 * quotes, placeholders, characters outside printable ASCII, length), or {@code null} without such a header.
	 * @throws MalformedKeyOverrideException when the key fails the checks (the message never holds the key)
	 */
	static @Nullable String bearerKey(@Nullable String authorization) {
		if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
			return null;
		}
		String key = authorization.substring(7);
		try {
			return ApiKeys.checkPerCallKey(ApiKey.of(key, AUTHORIZATION_HEADER)).secret();
		}
		catch (IllegalArgumentException ex) {
			throw new MalformedKeyOverrideException(ex.getMessage());
		}
	}

	/**
	 * Return the per-call key of a request.
	 * @param key a key returned by {@link #bearerKey(String)}
	 * @return the key, with the {@code Authorization} header as its origin
	 */
	static ApiKey perCallKey(String key) {
		return ApiKey.of(key, AUTHORIZATION_HEADER);
	}

}
