package io.paracle.keys.provider;

import org.jspecify.annotations.Nullable;

/**
 * The result of {@link LlmProvider#verifyKey()}: one cheap authenticated call (usually listing models).
 *
 * @param provider the provider configuration name
 * @param status what the call showed
 * @param httpStatus the HTTP status of the answer, or {@code 0} when there was none
 * @param fingerprint the fingerprint of the key that was tried, or {@code null} when there was none (AWS
 * default credentials chain)
 * @param message a short explanation, never containing the key
 * @author paracle-keys
 */
public record KeyVerification(String provider, Status status, int httpStatus, @Nullable String fingerprint,
		String message) {

	/**
	 * Return whether the provider accepted the key.
	 * @return {@code true} for {@link Status#VALID}
	 */
	public boolean isValid() {
		return this.status == Status.VALID;
	}

	/**
	 * What a verification call showed.
	 */
	public enum Status {

		/** The provider accepted the key (a 2xx answer, or a 429 that only says the key is over its limits). */
		VALID,

		/** The provider rejected the key (401 or 403). */
		INVALID,

		/**
		 * The key could not be checked: I/O error, timeout, 5xx, or an answer that says nothing about the key.
		 */
		UNREACHABLE

	}

}
