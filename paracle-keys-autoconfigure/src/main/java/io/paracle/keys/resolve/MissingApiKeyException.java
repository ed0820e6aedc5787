package io.paracle.keys.resolve;

/**
 * Thrown when a call needs a key that the provider configuration does not have (any longer).
 *
 * @author paracle-keys
 */
public class MissingApiKeyException extends IllegalStateException {

	private final String provider;

	/**
	 * Create a new instance.
	 * @param provider the provider configuration name
	 */
	public MissingApiKeyException(String provider) {
		super("No API key for provider '" + provider + "': it was removed from its source after startup, "
				+ "or the configuration has none. Restore the key in its source and re-read the keys.");
		this.provider = provider;
	}

	/**
	 * Return the provider configuration name.
	 * @return the name
	 */
	public String getProvider() {
		return this.provider;
	}

}
