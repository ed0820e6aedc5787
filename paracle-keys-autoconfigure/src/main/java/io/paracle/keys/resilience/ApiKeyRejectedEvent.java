package io.paracle.keys.resilience;

import org.springframework.context.ApplicationEvent;

/**
 * Published when a provider refuses a key (401/403). Carries the fingerprint, never the key.
 *
 * @author paracle-keys
 */
public class ApiKeyRejectedEvent extends ApplicationEvent {

	private final String provider;

	private final String fingerprint;

	private final String origin;

	private final int status;

	/**
	 * Create a new event.
	 * @param source the publisher
	 * @param provider the provider configuration name
	 * @param fingerprint the refused key's fingerprint
	 * @param origin where the key came from
	 * @param status the HTTP status
	 */
	public ApiKeyRejectedEvent(Object source, String provider, String fingerprint, String origin, int status) {
		super(source);
		this.provider = provider;
		this.fingerprint = fingerprint;
		this.origin = origin;
		this.status = status;
	}

	public String getProvider() {
		return this.provider;
	}

	public String getFingerprint() {
		return this.fingerprint;
	}

	public String getOrigin() {
		return this.origin;
	}

	public int getStatus() {
		return this.status;
	}

}
