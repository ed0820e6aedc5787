package io.paracle.keys.secrets;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import io.paracle.keys.resolve.ApiKeyResolver;
import io.paracle.keys.rotation.ResolverKeyRefresher;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.cloud.context.refresh.ContextRefresher;

/**
 * Re-reads keys from a secret store: {@link ContextRefresher#refresh()} re-runs the store import on a fresh copy
 * of the environment (the libraries fetch the secret again and the new property source replaces the old one),
 * then the {@link ApiKeyResolver} compares fingerprints and publishes an event per changed provider. A store that
 * cannot be read leaves the environment, and so the keys, as they were; the failure goes to the
 * {@link SecretStoreStatus}.
 *
 * @author paracle-keys
 */
public class SecretStoreKeyRefresher extends ResolverKeyRefresher {

	private static final Log logger = LogFactory.getLog(SecretStoreKeyRefresher.class);

	private final @Nullable ContextRefresher contextRefresher;

	private final SecretStoreStatus status;

	/**
	 * Create a new refresher.
	 * @param resolver the key resolver
	 * @param minInterval minimum time between two re-reads caused by rejections
	 * @param clock the clock
	 * @param contextRefresher Spring Cloud's context refresher, or {@code null} when the application switched it
	 * off ({@code spring.cloud.refresh.enabled=false}): then the store is read at startup only
	 * @param status the store status to report to
	 */
	public SecretStoreKeyRefresher(ApiKeyResolver resolver, Duration minInterval, Clock clock,
			@Nullable ContextRefresher contextRefresher, SecretStoreStatus status) {
		super(resolver, minInterval, clock);
		this.contextRefresher = contextRefresher;
		this.status = status;
		if (contextRefresher == null) {
			logger.warn("Secret store " + status.getStore() + " is read at startup only: no ContextRefresher bean "
					+ "(spring.cloud.refresh.enabled=false?). Rotated keys need a restart until it is back.");
		}
	}

	/**
	 * Re-read the store, then every key source.
	 * @return the provider configurations whose keys changed
	 */
	@Override
	protected List<String> reRead() {
		if (this.contextRefresher != null) {
			try {
				this.contextRefresher.refresh();
				this.status.recordSuccess();
			}
			catch (RuntimeException ex) {
				this.status.recordFailure(ex);
			}
		}
		return super.reRead();
	}

}
