package io.paracle.keys.provider;

/**
 * The provider refused the request with a 4xx other than 401, 403 and 429: an unknown model, a malformed
 * request, a request too large for the model, ...
 *
 * @author paracle-keys
 */
public class ProviderRequestException extends LlmProviderException {

	/**
	 * Create a new instance.
	 * @param provider the provider configuration name
	 * @param statusCode the HTTP status
	 * @param message the message
	 */
	public ProviderRequestException(String provider, int statusCode, String message) {
		super(provider, statusCode, message, null);
	}

}
