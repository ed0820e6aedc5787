package io.paracle.keys.sharedstate;

/**
 * Thrown at startup when {@code paracle.shared-state.store} cannot work as configured (a library or the Redis
 * connection is missing); explained by {@link SharedStateFailureAnalyzer}.
 *
 * @author paracle-keys
 */
public class SharedStateConfigurationException extends RuntimeException {

	private final String description;

	private final String action;

	/**
	 * Create a new instance.
	 * @param description what is wrong
	 * @param action how to fix it
	 */
	public SharedStateConfigurationException(String description, String action) {
		super(description + " " + action);
		this.description = description;
		this.action = action;
	}

	/**
	 * Return what is wrong.
	 * @return the description
	 */
	public String getDescription() {
		return this.description;
	}

	/**
	 * Return how to fix it.
	 * @return the action
	 */
	public String getAction() {
		return this.action;
	}

}
