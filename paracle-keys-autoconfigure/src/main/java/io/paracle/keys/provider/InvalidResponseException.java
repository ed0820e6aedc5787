package io.paracle.keys.provider;

import org.jspecify.annotations.Nullable;

/**
 * The provider answered with a success status but without a usable answer: a body that is not the expected JSON,
 * an empty body, or JSON without the answer ({@code {}}, no choices, a choice without a message). Never retried:
 * the provider produced (and may have billed) an answer, so sending the prompt again would repeat the cost. Counted
 * with outcome {@code invalid_response}.
 *
 * @author paracle-keys
 */
public class InvalidResponseException extends LlmProviderException {

	/**
	 * Create a new instance.
	 * @param provider the provider configuration name
	 * @param statusCode the HTTP status of the answer
	 * @param message the message
	 * @param cause the cause, or {@code null}
	 */
	public InvalidResponseException(String provider, int statusCode, String message, @Nullable Throwable cause) {
		super(provider, statusCode, message, cause);
	}

}
