package io.paracle.keys.resilience;

import io.paracle.keys.resolve.ApiKey;

import org.springframework.context.ApplicationEventPublisher;

/**
 * Publishes an {@link ApiKeyRejectedEvent} for every key a provider refuses, for audit and for applications.
 *
 * @author paracle-keys
 */
public class KeyEventPublisher implements KeyPoolListener {

	private final ApplicationEventPublisher publisher;

	/**
	 * Create a new instance.
	 * @param publisher where events go
	 */
	public KeyEventPublisher(ApplicationEventPublisher publisher) {
		this.publisher = publisher;
	}

	@Override
	public void onRejected(String provider, ApiKey key, int status) {
		this.publisher.publishEvent(
				new ApiKeyRejectedEvent(this, provider, key.fingerprint(), key.origin().description(), status));
	}

}
