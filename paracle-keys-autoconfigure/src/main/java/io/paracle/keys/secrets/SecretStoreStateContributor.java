package io.paracle.keys.secrets;

import java.util.Map;

import io.paracle.keys.actuate.ProviderStateContributor;
import io.paracle.keys.resolve.ApiKey;
import io.paracle.keys.resolve.ApiKeyResolver;
import io.paracle.keys.resolve.KeySourceKind;

/**
 * Adds {@code secretStore: {backend, store, status, lastSuccess, lastFailure, consecutiveFailures}} to each
 * provider whose key comes from the secret store. A store that is down does not make the provider DOWN: the last
 * good key still works.
 *
 * @author paracle-keys
 */
class SecretStoreStateContributor implements ProviderStateContributor {

	private final ApiKeyResolver resolver;

	private final SecretStoreStatus status;

	/**
	 * Create a new contributor.
	 * @param resolver the key resolver
	 * @param status the store status
	 */
	public SecretStoreStateContributor(ApiKeyResolver resolver, SecretStoreStatus status) {
		this.resolver = resolver;
		this.status = status;
	}

	@Override
	public void contribute(String provider, Map<String, Object> details) {
		if (!this.resolver.allKeys().containsKey(provider)) {
			return;
		}
		for (ApiKey key : this.resolver.keys(provider).keys()) {
			if (key.origin().kind() == KeySourceKind.SECRET_STORE) {
				details.put("secretStore", this.status.toDetails());
				return;
			}
		}
	}

}
