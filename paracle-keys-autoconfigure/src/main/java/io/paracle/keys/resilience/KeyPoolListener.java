package io.paracle.keys.resilience;

import java.time.Instant;

import io.paracle.keys.resolve.ApiKey;

/**
 * Hears what happens to the keys of a {@link KeyPool}: meters and audit events are built on it.
 *
 * @author paracle-keys
 */
public interface KeyPoolListener {

	/** A listener that does nothing. */
	KeyPoolListener NONE = new KeyPoolListener() {
	};

	/**
	 * A call is about to use the key.
	 * @param provider the provider configuration name
	 * @param key the key
	 */
	default void onCall(String provider, ApiKey key) {
	}

	/**
	 * The key cools down after a 429 or an exhausted provider quota.
	 * @param provider the provider configuration name
	 * @param key the key
	 * @param until when it may be used again
	 */
	default void onCooldown(String provider, ApiKey key, Instant until) {
	}

	/**
	 * The provider refused the key.
	 * @param provider the provider configuration name
	 * @param key the key
	 * @param status the HTTP status (401 or 403)
	 */
	default void onRejected(String provider, ApiKey key, int status) {
	}

	/**
	 * The provider reported its rate limit state for the key.
	 * @param provider the provider configuration name
	 * @param key the key
	 * @param state the key state with the reported remaining requests and tokens
	 */
	default void onRateLimitReport(String provider, ApiKey key, KeyState state) {
	}

}
