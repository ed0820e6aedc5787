package io.paracle.keys.secrets;

import io.paracle.keys.refresh.KeySourceReload;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.cloud.context.refresh.ContextRefresher;

/**
 * Re-reads a secret store: {@link ContextRefresher#refresh()} re-runs the store import on a fresh copy of the
 * environment (the libraries fetch the secret again and the new property source replaces the old one); the
 * resolver then compares fingerprints. A store that cannot be read leaves the environment, and so the keys, as
 * they were; the failure goes to the {@link SecretStoreStatus}.
 *
 * @author paracle-keys
 */
class SecretStoreReload implements KeySourceReload {

	private static final Log logger = LogFactory.getLog(SecretStoreReload.class);

	private final @Nullable ContextRefresher contextRefresher;

	private final SecretStoreStatus status;

	/**
	 * Create a new reload.
	 * @param contextRefresher Spring Cloud's context refresher, or {@code null} when the application switched it
	 * off ({@code spring.cloud.refresh.enabled=false}): then the store is read at startup only
	 * @param status the store status to report to
	 */
	public SecretStoreReload(@Nullable ContextRefresher contextRefresher, SecretStoreStatus status) {
		this.contextRefresher = contextRefresher;
		this.status = status;
		if (contextRefresher == null) {
			logger.warn("Secret store " + status.getStore() + " is read at startup only: no ContextRefresher bean "
					+ "(spring.cloud.refresh.enabled=false?). Rotated keys need a restart until it is back.");
		}
	}

	@Override
	public void reload() {
		if (this.contextRefresher == null) {
			return;
		}
		try {
			this.contextRefresher.refresh();
			this.status.recordSuccess();
		}
		catch (RuntimeException ex) {
			this.status.recordFailure(ex);
		}
	}

}
