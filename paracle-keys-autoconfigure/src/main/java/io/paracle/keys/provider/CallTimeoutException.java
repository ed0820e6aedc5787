package io.paracle.keys.provider;

/**
 * A call did not complete within {@code paracle.providers.<name>.call-timeout}, retries and key failover
 * included. Not retried: the deadline is the caller's.
 *
 * @author paracle-keys
 */
public class CallTimeoutException extends ProviderUnavailableException {

	/**
	 * Create a new instance.
	 * @param provider the provider configuration name
	 * @param message the message
	 */
	public CallTimeoutException(String provider, String message) {
		super(provider, 0, message, null);
	}

}
