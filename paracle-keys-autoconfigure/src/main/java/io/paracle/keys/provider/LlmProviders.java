package io.paracle.keys.provider;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The active providers by configuration name. Available as a bean; built from the {@link LlmProvider} beans of
 * the context, so a provider bean a user replaced is the one listed.
 *
 * @author paracle-keys
 */
public final class LlmProviders {

	private final Map<String, LlmProvider> providers;

	/**
	 * Create a registry.
	 * @param providers the providers; a name seen twice keeps the first provider
	 */
	public LlmProviders(Collection<? extends LlmProvider> providers) {
		Map<String, LlmProvider> byName = new LinkedHashMap<>();
		for (LlmProvider provider : providers) {
			byName.putIfAbsent(provider.name(), provider);
		}
		this.providers = Collections.unmodifiableMap(byName);
	}

	/**
	 * Create a registry from providers already indexed by name.
	 * @param providers the providers by name
	 */
	public LlmProviders(Map<String, ? extends LlmProvider> providers) {
		this.providers = Collections.unmodifiableMap(new LinkedHashMap<>(providers));
	}

	/**
	 * Return every provider, in registration order (catalog order, then configuration order).
	 * @return the providers
	 */
	public List<LlmProvider> all() {
		return new ArrayList<>(this.providers.values());
	}

	/**
	 * Return the configuration names.
	 * @return the names
	 */
	public Set<String> names() {
		return this.providers.keySet();
	}

	/**
	 * Find a provider by configuration name.
	 * @param name the configuration name
	 * @return the provider, or empty
	 */
	public Optional<LlmProvider> find(String name) {
		return Optional.ofNullable(this.providers.get(name));
	}

	/**
	 * Return a provider by configuration name.
	 * @param name the configuration name
	 * @return the provider
	 * @throws IllegalArgumentException when no active provider has that name
	 */
	public LlmProvider get(String name) {
		LlmProvider provider = this.providers.get(name);
		if (provider == null) {
			throw new IllegalArgumentException(
					"No active provider named '" + name + "'; active providers: " + this.providers.keySet());
		}
		return provider;
	}

	@Override
	public String toString() {
		return "LlmProviders" + this.providers.keySet();
	}

}
