package io.paracle.keys.resolve;

import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.util.Assert;

/**
 * One resolution of every provider configuration at startup, with the source policy it is checked against.
 * Made once and shared: the bean registrar needs it before any bean exists (to name the provider beans), and
 * the {@link ApiKeyResolver} starts from the same result instead of reading every key file again.
 *
 * @author paracle-keys
 */
public final class ProviderResolution {

	private final List<ProviderConfiguration> configurations;

	private final List<String> allowedSources;

	/**
	 * Create a resolution from configurations already resolved.
	 * @param configurations the configurations, in catalog order then configuration order
	 * @param allowedSources the {@code paracle.keys.allowed-sources} values
	 */
	public ProviderResolution(List<ProviderConfiguration> configurations, List<String> allowedSources) {
		Assert.notNull(configurations, "configurations must not be null");
		Assert.notNull(allowedSources, "allowedSources must not be null");
		this.configurations = List.copyOf(configurations);
		this.allowedSources = List.copyOf(allowedSources);
	}

	/**
	 * Resolve every provider configuration from an environment as it is now, binding {@code paracle.providers}
	 * and {@code paracle.keys.allowed-sources}.
	 * @param environment the environment
	 * @return the resolution
	 */
	public static ProviderResolution resolve(ConfigurableEnvironment environment) {
		return resolve(environment, ProviderConfigurations.bind(environment), Binder.get(environment)
			.bind("paracle.keys.allowed-sources", Bindable.listOf(String.class))
			.orElseGet(List::of));
	}

	/**
	 * Resolve every provider configuration from properties already bound.
	 * @param environment the environment
	 * @param providers the provider properties by configuration name
	 * @param allowedSources the {@code paracle.keys.allowed-sources} values
	 * @return the resolution
	 */
	public static ProviderResolution resolve(ConfigurableEnvironment environment,
			Map<String, ProviderProperties> providers, List<String> allowedSources) {
		return new ProviderResolution(ProviderConfigurations.resolve(environment, providers), allowedSources);
	}

	/**
	 * Return every configuration, active or not.
	 * @return the configurations
	 */
	public List<ProviderConfiguration> configurations() {
		return this.configurations;
	}

	/**
	 * Return the active configurations by name.
	 * @return the active configurations
	 */
	public Map<String, ProviderConfiguration> active() {
		return ProviderConfigurations.active(this.configurations);
	}

	/**
	 * Return the {@code paracle.keys.allowed-sources} values.
	 * @return the allowed sources
	 */
	public List<String> allowedSources() {
		return this.allowedSources;
	}

}
