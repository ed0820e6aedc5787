package io.paracle.keys.actuate;

import java.util.Map;

/**
 * Adds run-time state of a provider to its health component and its {@code /actuator/paracle} entry: key
 * cool-downs and rejections, the last call, limits. Declare one as a bean to contribute.
 *
 * @author paracle-keys
 */
public interface ProviderStateContributor {

	/**
	 * Add details about a provider.
	 * @param provider the provider configuration name
	 * @param details the details to add to
	 */
	void contribute(String provider, Map<String, Object> details);

	/**
	 * Return whether the provider still has a key it can use (for example not every key rejected).
	 * @param provider the provider configuration name
	 * @return {@code false} when no key is usable
	 */
	default boolean hasUsableKey(String provider) {
		return true;
	}

}
