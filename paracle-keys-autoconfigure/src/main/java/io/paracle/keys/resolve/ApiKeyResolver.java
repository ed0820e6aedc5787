package io.paracle.keys.resolve;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.PropertySource;

/**
 * Holds the keys of every active provider configuration. Resolves and checks them once at startup (failing
 * with an {@link ApiKeyConfigurationException} that lists every problem), serves them to the clients on every
 * call from an immutable snapshot (a map read, no I/O, no allocation), and re-reads the sources on
 * {@link #refresh()}.
 *
 * @author paracle-keys
 */
public class ApiKeyResolver {

	private static final Log logger = LogFactory.getLog(ApiKeyResolver.class);

	private final ConfigurableEnvironment environment;

	private final @Nullable ApplicationEventPublisher eventPublisher;

	private final Map<String, ProviderConfiguration> configurations;

	private final SourcePolicy policy;

	private volatile Map<String, ProviderKeys> keys;

	/** Configurations whose sources yield no usable key at the moment: logged once per outage. */
	private final Set<String> degraded = new HashSet<>();

	/**
	 * Resolve and check the keys of every provider configuration.
	 * @param environment the environment to read
	 * @param eventPublisher publisher of {@link ApiKeysRotatedEvent}s, or {@code null}
	 * @throws ApiKeyConfigurationException when a configuration has a missing or malformed key
	 */
	public ApiKeyResolver(ConfigurableEnvironment environment, @Nullable ApplicationEventPublisher eventPublisher) {
		this(environment, ProviderResolution.resolve(environment), eventPublisher);
	}

	/**
	 * Check the keys of a resolution made from the environment (the one the bean registrar made: reading every
	 * key source again costs startup time). Later re-reads ({@link #refresh()}) resolve the environment again.
	 * @param environment the environment the resolution was made from
	 * @param resolution the resolution
	 * @param eventPublisher publisher of {@link ApiKeysRotatedEvent}s, or {@code null}
	 * @throws ApiKeyConfigurationException when a configuration has a missing or malformed key
	 */
	public ApiKeyResolver(ConfigurableEnvironment environment, ProviderResolution resolution,
			@Nullable ApplicationEventPublisher eventPublisher) {
		this.environment = environment;
		this.eventPublisher = eventPublisher;
		List<ProviderConfiguration> resolved = resolution.configurations();
		List<KeyProblem> problems = new ArrayList<>();
		resolved.forEach((configuration) -> problems.addAll(configuration.problems()));
		this.policy = SourcePolicy.of(resolution.allowedSources(), environment);
		List<String> plainHttp = new ArrayList<>();
		for (ProviderConfiguration configuration : resolved) {
			if (configuration.active()) {
				for (ApiKey key : configuration.keys().keys()) {
					if (!this.policy.allows(key.origin())) {
						problems.add(this.policy.problem(configuration.name(), key));
					}
				}
				String warning = PlainHttpCheck.check(configuration, !this.policy.allowsEverything(), problems);
				if (warning != null) {
					plainHttp.add(warning);
				}
			}
		}
		if (!problems.isEmpty()) {
			throw new ApiKeyConfigurationException(problems);
		}
		plainHttp.forEach(logger::warn);
		this.configurations = ProviderConfigurations.active(resolved);
		Map<String, ProviderKeys> keys = new LinkedHashMap<>();
		this.configurations.forEach((name, configuration) -> {
			configuration.warnings().forEach(logger::warn);
			keys.put(name, configuration.keys());
			if (logger.isInfoEnabled()) {
				logger.info("Provider '" + name + "' active with " + describe(configuration.keys()));
			}
		});
		this.keys = Collections.unmodifiableMap(keys);
	}

	/**
	 * Return the active provider configurations by name, as resolved at startup.
	 * @return the configurations
	 */
	public Map<String, ProviderConfiguration> configurations() {
		return this.configurations;
	}

	/**
	 * Return the current keys of a provider configuration. Cheap: a read of an immutable map.
	 * @param name the provider configuration name
	 * @return the keys
	 * @throws IllegalArgumentException when no active configuration has that name
	 */
	public ProviderKeys keys(String name) {
		ProviderKeys found = this.keys.get(name);
		if (found == null) {
			throw new IllegalArgumentException("No active provider configuration named '" + name + "'; active: "
					+ this.keys.keySet());
		}
		return found;
	}

	/**
	 * Return the current keys of every active provider configuration by name.
	 * @return the keys by configuration name
	 */
	public Map<String, ProviderKeys> allKeys() {
		return this.keys;
	}

	/**
	 * Re-read every key source now. A configuration whose sources no longer yield a usable key keeps its last
	 * good keys (logged once until a usable key is back); a configuration whose keys changed gets the new ones and an
	 * {@link ApiKeysRotatedEvent}.
	 * @return the names of the configurations whose keys changed
	 */
	public synchronized List<String> refresh() {
		reloadDotenv();
		Map<String, ProviderConfiguration> current = ProviderConfigurations
			.active(ProviderConfigurations.resolve(this.environment));
		Map<String, ProviderKeys> next = new LinkedHashMap<>(this.keys);
		List<String> changed = new ArrayList<>();
		List<ApiKeysRotatedEvent> events = new ArrayList<>();
		for (Map.Entry<String, ProviderKeys> entry : this.keys.entrySet()) {
			String name = entry.getKey();
			ProviderKeys previous = entry.getValue();
			ProviderConfiguration configuration = current.get(name);
			if (configuration == null || !configuration.problems().isEmpty() || configuration.keys().isEmpty()) {
				if (!previous.isEmpty()) {
					degraded(name, "Re-reading the keys of provider '" + name + "' found no usable key"
							+ ((configuration != null && !configuration.problems().isEmpty())
									? " (" + configuration.problems().get(0).description() + ")" : "")
							+ "; keeping the last good " + describe(previous));
				}
				continue;
			}
			ProviderKeys fresh = configuration.keys();
			ApiKey refused = firstRefused(fresh);
			if (refused != null) {
				degraded(name, "Re-reading the keys of provider '" + name + "' found key " + refused.fingerprint()
						+ " in " + refused.origin().description() + ", which paracle.keys.allowed-sources does not "
						+ "allow; keeping the last good " + describe(previous));
				continue;
			}
			if (this.degraded.remove(name)) {
				logger.info("Re-reading the keys of provider '" + name + "' found a usable key again: "
						+ describe(fresh));
			}
			if (!fresh.keys().equals(previous.keys())) {
				next.put(name, fresh);
				changed.add(name);
				events.add(new ApiKeysRotatedEvent(this, name, previous, fresh));
				logger.info("Keys of provider '" + name + "' changed: " + previous.fingerprints() + " -> "
						+ describe(fresh));
			}
		}
		this.keys = Collections.unmodifiableMap(next);
		if (this.eventPublisher != null) {
			events.forEach(this.eventPublisher::publishEvent);
		}
		return changed;
	}

	/**
	 * Log that a configuration has no usable key in its sources: a WARN when it starts, DEBUG while it lasts.
	 */
	private void degraded(String name, String message) {
		if (this.degraded.add(name)) {
			logger.warn(message + ". Logged once until a usable key is back.");
		}
		else if (logger.isDebugEnabled()) {
			logger.debug(message);
		}
	}

	private @Nullable ApiKey firstRefused(ProviderKeys keys) {
		for (ApiKey key : keys.keys()) {
			if (!this.policy.allows(key.origin())) {
				return key;
			}
		}
		return null;
	}

	private void reloadDotenv() {
		for (PropertySource<?> source : this.environment.getPropertySources()) {
			if (source instanceof DotenvPropertySource dotenv) {
				this.environment.getPropertySources().replace(dotenv.getName(), dotenv.reload());
			}
		}
	}

	private static String describe(ProviderKeys keys) {
		if (keys.isEmpty()) {
			return "the AWS default credentials chain";
		}
		return keys.count() + ((keys.count() == 1) ? " key " : " keys ") + keys.fingerprints() + " from "
				+ keys.origin();
	}

}
