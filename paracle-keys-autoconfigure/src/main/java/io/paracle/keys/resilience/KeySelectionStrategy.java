package io.paracle.keys.resilience;

import java.util.List;

import io.paracle.keys.resolve.ApiKey;

/**
 * Picks the key for one call among the keys of a provider that are neither cooling down nor rejected. Declare a
 * bean of this type to choose per tenant or per request (for example from a request-scoped context); the default
 * is {@link RoundRobinKeySelectionStrategy}.
 *
 * @author paracle-keys
 */
@FunctionalInterface
public interface KeySelectionStrategy {

	/**
	 * Pick a key.
	 * @param provider the provider configuration name
	 * @param available the usable keys, in configuration order, never empty; read-only
	 * @return one of the available keys
	 */
	ApiKey select(String provider, List<ApiKey> available);

}
