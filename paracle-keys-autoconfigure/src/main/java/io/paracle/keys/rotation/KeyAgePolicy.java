package io.paracle.keys.rotation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.paracle.keys.resolve.ApiKey;
import io.paracle.keys.resolve.ApiKeyResolver;
import io.paracle.keys.resolve.ProviderConfiguration;
import io.paracle.keys.resolve.ProviderKeys;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * The key age policy: computes each key's age from the {@link KeyTimestampSource}s, marks keys older than
 * {@code paracle.keys.rotation.max-age} as due for rotation, and logs one WARN per key and day while it is.
 *
 * @author paracle-keys
 */
public class KeyAgePolicy {

	private static final Log logger = LogFactory.getLog(KeyAgePolicy.class);

	private static final Duration WARN_EVERY = Duration.ofDays(1);

	private final ApiKeyResolver resolver;

	private final List<KeyTimestampSource> sources;

	private final Duration maxAge;

	private final Clock clock;

	private final Map<String, Instant> lastWarned = new ConcurrentHashMap<>();

	/**
	 * Create a new policy.
	 * @param resolver the key resolver
	 * @param sources where key timestamps come from, in order
	 * @param maxAge the age after which a key is due for rotation
	 * @param clock the clock
	 */
	public KeyAgePolicy(ApiKeyResolver resolver, List<KeyTimestampSource> sources, Duration maxAge, Clock clock) {
		this.resolver = resolver;
		this.sources = List.copyOf(sources);
		this.maxAge = maxAge;
		this.clock = clock;
	}

	/**
	 * Return the maximum key age.
	 * @return the maximum age
	 */
	public Duration getMaxAge() {
		return this.maxAge;
	}

	/**
	 * Return the age of a key, or {@code null} when no source knows when it was made.
	 * @param provider the provider configuration name
	 * @param key the key
	 * @return the age, or {@code null}
	 */
	public @Nullable KeyAge age(String provider, ApiKey key) {
		ProviderConfiguration configuration = this.resolver.configurations().get(provider);
		if (configuration == null) {
			return null;
		}
		for (KeyTimestampSource source : this.sources) {
			Instant lastChanged = source.lastChanged(configuration, key);
			if (lastChanged != null) {
				Duration age = Duration.between(lastChanged, this.clock.instant());
				if (age.isNegative()) {
					age = Duration.ZERO;
				}
				return new KeyAge(provider, key.fingerprint(), lastChanged, age, age.compareTo(this.maxAge) > 0);
			}
		}
		return null;
	}

	/**
	 * Return the known ages of every current key.
	 * @return the ages
	 */
	public List<KeyAge> ages() {
		List<KeyAge> ages = new ArrayList<>();
		for (Map.Entry<String, ProviderKeys> entry : this.resolver.allKeys().entrySet()) {
			for (ApiKey key : entry.getValue().keys()) {
				KeyAge age = age(entry.getKey(), key);
				if (age != null) {
					ages.add(age);
				}
			}
		}
		return ages;
	}

	/**
	 * Check every key and log a WARN for each key due for rotation, at most once a day per key.
	 * @return the keys due for rotation
	 */
	public synchronized List<KeyAge> check() {
		List<KeyAge> due = new ArrayList<>();
		Instant now = this.clock.instant();
		for (KeyAge age : ages()) {
			if (!age.rotationDue()) {
				continue;
			}
			due.add(age);
			String id = age.provider() + ":" + age.fingerprint();
			Instant warned = this.lastWarned.get(id);
			if (warned == null || !now.isBefore(warned.plus(WARN_EVERY))) {
				this.lastWarned.put(id, now);
				logger.warn("API key " + age.fingerprint() + " of provider '" + age.provider() + "' is "
						+ age.age().toDays() + " days old (maximum " + this.maxAge.toDays()
						+ " days): rotate it. Create a new key, store it where the old one is, and the starter "
						+ "picks it up without a restart.");
			}
		}
		return due;
	}

}
