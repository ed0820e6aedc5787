package io.paracle.keys.secrets;

/**
 * Thrown at startup when the chosen secret store cannot work: its library is missing, or a setting it needs is
 * not set. Reported by {@link SecretStoreFailureAnalyzer}.
 *
 * @author paracle-keys
 */
class SecretStoreConfigurationException extends IllegalStateException {

	private final String description;

	private final String action;

	SecretStoreConfigurationException(String description, String action) {
		super(description + " " + action);
		this.description = description;
		this.action = action;
	}

	String getDescription() {
		return this.description;
	}

	String getAction() {
		return this.action;
	}

}
