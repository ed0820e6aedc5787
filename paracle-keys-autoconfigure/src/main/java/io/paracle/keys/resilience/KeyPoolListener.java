package io.paracle.keys.resilience;

import java.time.Instant;

import io.paracle.keys.resolve.ApiKey;

/**
 * Hears what happens to the keys of a {@link KeyPool}, and to the per-call keys that calls use instead: meters,
 * audit events and log redaction are built on it.
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
	 * A call is about to send a key its caller passed for this call only ({@code ChatRequest.apiKey}); the key
	 * comes from no pool and the application never resolved it.
	 * @param provider the provider configuration name
	 * @param key the key
	 */
	default void onPerCallKey(String provider, ApiKey key) {
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

	/**
	 * A call waited for a client-side rate limit permit.
	 * @param provider the provider configuration name
	 * @param waited how long it waited (zero when a permit was free)
	 * @param admitted whether it got a permit
	 */
	default void onRateLimitWait(String provider, java.time.Duration waited, boolean admitted) {
	}

	/**
	 * Combine listeners.
	 * @param listeners the listeners, called in order
	 * @return one listener calling all
	 */
	static KeyPoolListener composite(java.util.List<KeyPoolListener> listeners) {
		if (listeners.isEmpty()) {
			return NONE;
		}
		if (listeners.size() == 1) {
			return listeners.get(0);
		}
		// an array and plain loops: called on every provider call, so no iterator or lambda per event
		KeyPoolListener[] all = listeners.toArray(new KeyPoolListener[0]);
		return new KeyPoolListener() {

			@Override
			public void onCall(String provider, ApiKey key) {
				for (KeyPoolListener listener : all) {
					listener.onCall(provider, key);
				}
			}

			@Override
			public void onPerCallKey(String provider, ApiKey key) {
				for (KeyPoolListener listener : all) {
					listener.onPerCallKey(provider, key);
				}
			}

			@Override
			public void onCooldown(String provider, ApiKey key, Instant until) {
				for (KeyPoolListener listener : all) {
					listener.onCooldown(provider, key, until);
				}
			}

			@Override
			public void onRejected(String provider, ApiKey key, int status) {
				for (KeyPoolListener listener : all) {
					listener.onRejected(provider, key, status);
				}
			}

			@Override
			public void onRateLimitReport(String provider, ApiKey key, KeyState state) {
				for (KeyPoolListener listener : all) {
					listener.onRateLimitReport(provider, key, state);
				}
			}

			@Override
			public void onRateLimitWait(String provider, java.time.Duration waited, boolean admitted) {
				for (KeyPoolListener listener : all) {
					listener.onRateLimitWait(provider, waited, admitted);
				}
			}

		};
	}

}
