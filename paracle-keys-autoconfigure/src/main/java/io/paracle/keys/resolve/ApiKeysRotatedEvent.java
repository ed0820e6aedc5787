package io.paracle.keys.resolve;

import java.util.List;

import org.springframework.context.ApplicationEvent;

/**
 * Published when re-reading the key sources found different keys for a provider configuration. Carries
 * fingerprints only.
 *
 * @author paracle-keys
 */
public class ApiKeysRotatedEvent extends ApplicationEvent {

	private final String provider;

	private final List<String> previousFingerprints;

	private final List<String> currentFingerprints;

	private final String origin;

	/**
	 * Create a new event.
	 * @param source the resolver
	 * @param provider the provider configuration name
	 * @param previous the keys before
	 * @param current the keys now
	 */
	public ApiKeysRotatedEvent(Object source, String provider, ProviderKeys previous, ProviderKeys current) {
		super(source);
		this.provider = provider;
		this.previousFingerprints = previous.fingerprints();
		this.currentFingerprints = current.fingerprints();
		KeyOrigin origin = current.origin();
		this.origin = (origin != null) ? origin.description() : "none";
	}

	/**
	 * Return the provider configuration name.
	 * @return the name
	 */
	public String getProvider() {
		return this.provider;
	}

	/**
	 * Return the fingerprints before the change.
	 * @return the previous fingerprints
	 */
	public List<String> getPreviousFingerprints() {
		return this.previousFingerprints;
	}

	/**
	 * Return the fingerprints after the change.
	 * @return the current fingerprints
	 */
	public List<String> getCurrentFingerprints() {
		return this.currentFingerprints;
	}

	/**
	 * Return where the current keys came from.
	 * @return the origin description
	 */
	public String getOrigin() {
		return this.origin;
	}

}
