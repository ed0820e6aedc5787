package io.paracle.keys.provider;

import io.paracle.keys.resolve.KeyOrigin;
import org.jspecify.annotations.Nullable;

/**
 * The provider rejected the key (HTTP 401 or 403). The message says "invalid API key", names the key by
 * fingerprint and origin, and lists the checks to make; it never contains the key.
 *
 * @author paracle-keys
 */
public class InvalidApiKeyException extends LlmProviderException {

	/** Fingerprint of the rejected key. */
	private final @Nullable String fingerprint;

	/** Origin of the rejected key; not serialized. */
	private final transient @Nullable KeyOrigin origin;

	/**
	 * Create a new instance.
	 * @param provider the provider configuration name
	 * @param statusCode the HTTP status (401 or 403)
	 * @param fingerprint the fingerprint of the rejected key, or {@code null}
	 * @param origin where the rejected key came from, or {@code null}
	 * @param message the message
	 */
	public InvalidApiKeyException(String provider, int statusCode, @Nullable String fingerprint,
			@Nullable KeyOrigin origin, String message) {
		super(provider, statusCode, message, null);
		this.fingerprint = fingerprint;
		this.origin = origin;
	}

	/**
	 * Return the fingerprint of the rejected key.
	 * @return the fingerprint, or {@code null}
	 */
	public @Nullable String getFingerprint() {
		return this.fingerprint;
	}

	/**
	 * Return where the rejected key came from.
	 * @return the origin, or {@code null}
	 */
	public @Nullable KeyOrigin getOrigin() {
		return this.origin;
	}

}
