package io.paracle.keys.secrets;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.paracle.keys.resolve.ApiKey;
import io.paracle.keys.resolve.KeyOrigin;
import io.paracle.keys.resolve.KeySourceKind;
import io.paracle.keys.resolve.ProviderConfiguration;
import io.paracle.keys.rotation.KeyTimestampSource;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Key timestamps from the secret store's metadata, for the key age policy: Vault KV v2 {@code updated_time},
 * AWS Secrets Manager {@code LastChangedDate}, Azure Key Vault {@code attributes.updated}, read through the
 * libraries' own clients.
 * <p>
 * The store is asked once per key (by fingerprint), when the key is first seen: at startup or right after a
 * rotation. Vault and AWS keep one timestamp for the whole secret, so remembering it per key keeps a key's age
 * when another key of the same secret rotates later. At startup the secret's last change is the best estimate of
 * the key's age (younger than the key when another key of the secret changed since). A failed lookup is retried
 * at most once a minute.
 *
 * @author paracle-keys
 */
class SecretStoreKeyTimestampSource implements KeyTimestampSource {

	private static final Log logger = LogFactory.getLog(SecretStoreKeyTimestampSource.class);

	private static final Duration RETRY_AFTER_FAILURE = Duration.ofMinutes(1);

	private final String store;

	private final Lookup lookup;

	private final Clock clock;

	private final Map<String, Instant> byFingerprint = new ConcurrentHashMap<>();

	private volatile @Nullable Instant retryAfter;

	/**
	 * Create a new source.
	 * @param store the store whose keys this source dates, as key origins describe it (e.g.
	 * {@code vault:secret/paracle})
	 * @param lookup reads the store's last-change time for a key name
	 * @param clock the clock
	 */
	public SecretStoreKeyTimestampSource(String store, Lookup lookup, Clock clock) {
		this.store = store;
		this.lookup = lookup;
		this.clock = clock;
	}

	/**
	 * Create a source for the store a {@code paracle.secrets} configuration names.
	 * @param secrets the secrets configuration, with a store backend
	 * @param lookup reads the store's last-change time for a key name
	 * @param clock the clock
	 * @return the source
	 */
	public static SecretStoreKeyTimestampSource of(SecretStoreProperties secrets, Lookup lookup, Clock clock) {
		return new SecretStoreKeyTimestampSource(SecretStores.describe(secrets), lookup, clock);
	}

	@Override
	public @Nullable Instant lastChanged(ProviderConfiguration configuration, ApiKey key) {
		KeyOrigin origin = key.origin();
		if (origin.kind() != KeySourceKind.SECRET_STORE || !this.store.equals(origin.source())) {
			return null;
		}
		Instant known = this.byFingerprint.get(key.fingerprint());
		return (known != null) ? known : lookUp(key);
	}

	/**
	 * Ask the store, one caller at a time (health, the age gauge and the age warnings ask concurrently).
	 */
	private synchronized @Nullable Instant lookUp(ApiKey key) {
		Instant known = this.byFingerprint.get(key.fingerprint());
		if (known != null) {
			return known;
		}
		Instant now = this.clock.instant();
		Instant retry = this.retryAfter;
		if (retry != null && now.isBefore(retry)) {
			return null;
		}
		try {
			Instant lastChanged = this.lookup.lastChanged(key.origin().name());
			if (lastChanged != null) {
				this.byFingerprint.put(key.fingerprint(), lastChanged);
			}
			return lastChanged;
		}
		catch (RuntimeException ex) {
			this.retryAfter = now.plus(RETRY_AFTER_FAILURE);
			if (logger.isDebugEnabled()) {
				logger.debug("Cannot read when key " + key.fingerprint() + " changed in " + this.store, ex);
			}
			return null;
		}
	}

	/**
	 * Reads when the secret holding a key last changed.
	 */
	@FunctionalInterface
	public interface Lookup {

		/**
		 * Return when the secret holding the key last changed.
		 * @param name the name the key was found under, e.g. {@code OPENAI_API_KEY}
		 * @return the time, or {@code null} when the store keeps none
		 */
		@Nullable Instant lastChanged(String name);

	}

}
