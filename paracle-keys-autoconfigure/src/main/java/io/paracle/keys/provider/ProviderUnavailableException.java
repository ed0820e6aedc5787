package io.paracle.keys.provider;

import org.jspecify.annotations.Nullable;

/**
 * The provider could not serve the call: a 5xx answer, an I/O error or a timeout (retried, see
 * {@code max-retries}); an answer that could not be read is an {@link InvalidResponseException}.
 * {@link #getStatusCode()} is {@code 0} when there was no answer.
 *
 * @author paracle-keys
 */
public class ProviderUnavailableException extends LlmProviderException {

	/**
	 * Create a new instance.
	 * @param provider the provider configuration name
	 * @param statusCode the HTTP status, or {@code 0} when there was no answer
	 * @param message the message
	 * @param cause the cause, or {@code null}
	 */
	public ProviderUnavailableException(String provider, int statusCode, String message, @Nullable Throwable cause) {
		super(provider, statusCode, message, cause);
	}

}
