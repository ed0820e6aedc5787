package io.paracle.keys.secrets;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Whether the secret store answered the last re-read. An outage is logged once when it starts (WARN) and once
 * when it ends (INFO), however many re-reads fail in between; the keys read before the outage stay in use.
 * Shown in health and the {@code paracle} endpoint by {@link SecretStoreStateContributor} and counted by
 * {@link SecretStoreMeterBinder}.
 *
 * @author paracle-keys
 */
class SecretStoreStatus {

	/** Status while the last re-read succeeded. */
	public static final String UP = "UP";

	/** Status while the last re-read failed. */
	public static final String DOWN = "DOWN";

	private static final Log logger = LogFactory.getLog(SecretStoreStatus.class);

	private final String backend;

	private final String store;

	private final Clock clock;

	private @Nullable Instant lastSuccess;

	private @Nullable Instant lastFailure;

	private @Nullable String lastError;

	private @Nullable Instant downSince;

	private int consecutiveFailures;

	private long failures;

	/**
	 * Create a status for a store that was read successfully at startup (the application does not start
	 * otherwise).
	 * @param backend the backend name ({@code vault}, {@code aws}, {@code azure})
	 * @param store a description of the store, e.g. {@code vault:secret/paracle}
	 * @param clock the clock
	 */
	public SecretStoreStatus(String backend, String store, Clock clock) {
		this.backend = backend;
		this.store = store;
		this.clock = clock;
		this.lastSuccess = clock.instant();
	}

	/**
	 * Create the status of the store a {@code paracle.secrets} configuration names.
	 * @param secrets the secrets configuration, with a store backend
	 * @param clock the clock
	 * @return the status
	 */
	public static SecretStoreStatus of(SecretStoreProperties secrets, Clock clock) {
		return new SecretStoreStatus(SecretStores.propertyValue(secrets.getBackend()), SecretStores.describe(secrets),
				clock);
	}

	/**
	 * Record a successful re-read; ends an outage (logged once).
	 */
	public synchronized void recordSuccess() {
		Instant now = this.clock.instant();
		if (this.consecutiveFailures > 0 && logger.isInfoEnabled()) {
			logger.info("Secret store " + this.store + " answers again after " + this.consecutiveFailures
					+ " failed re-read" + ((this.consecutiveFailures == 1) ? "" : "s") + " (down since "
					+ this.downSince + "); keys are re-read from it again");
		}
		this.lastSuccess = now;
		this.consecutiveFailures = 0;
		this.downSince = null;
	}

	/**
	 * Record a failed re-read; the first of an outage is logged as a WARN, the others at DEBUG.
	 * @param failure what went wrong
	 */
	public synchronized void recordFailure(Throwable failure) {
		Instant now = this.clock.instant();
		String error = describe(failure);
		if (this.consecutiveFailures == 0) {
			this.downSince = now;
			logger.warn("Secret store " + this.store + " cannot be read (" + error + "); keeping the last good keys "
					+ "and retrying on every re-read. Logged once per outage; health shows "
					+ "secretStore.status=DOWN and paracle.secrets.refresh.failures counts the failures.");
		}
		else if (logger.isDebugEnabled()) {
			logger.debug("Secret store " + this.store + " still cannot be read (" + error + ")");
		}
		this.consecutiveFailures++;
		this.failures++;
		this.lastFailure = now;
		this.lastError = error;
	}

	/**
	 * Return the backend name.
	 * @return {@code vault}, {@code aws} or {@code azure}
	 */
	public String getBackend() {
		return this.backend;
	}

	/**
	 * Return the description of the store.
	 * @return e.g. {@code vault:secret/paracle}
	 */
	public String getStore() {
		return this.store;
	}

	/**
	 * Return whether the last re-read succeeded.
	 * @return {@code true} when up
	 */
	public synchronized boolean isUp() {
		return this.consecutiveFailures == 0;
	}

	/**
	 * Return the number of failed re-reads since the last success.
	 * @return the count
	 */
	public synchronized int getConsecutiveFailures() {
		return this.consecutiveFailures;
	}

	/**
	 * Return the number of failed re-reads since startup.
	 * @return the count
	 */
	public synchronized long getFailures() {
		return this.failures;
	}

	/**
	 * Return when the store was last read successfully.
	 * @return the time, or {@code null}
	 */
	public synchronized @Nullable Instant getLastSuccess() {
		return this.lastSuccess;
	}

	/**
	 * Return when a re-read last failed.
	 * @return the time, or {@code null}
	 */
	public synchronized @Nullable Instant getLastFailure() {
		return this.lastFailure;
	}

	/**
	 * Describe the status for health and the endpoint.
	 * @return backend, store, status, lastSuccess, lastFailure, consecutiveFailures (and lastError while down)
	 */
	public synchronized Map<String, Object> toDetails() {
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("backend", this.backend);
		details.put("store", this.store);
		details.put("status", isUp() ? UP : DOWN);
		details.put("lastSuccess", (this.lastSuccess != null) ? this.lastSuccess.toString() : null);
		details.put("lastFailure", (this.lastFailure != null) ? this.lastFailure.toString() : null);
		details.put("consecutiveFailures", this.consecutiveFailures);
		if (!isUp() && this.lastError != null) {
			details.put("lastError", this.lastError);
		}
		return details;
	}

	/**
	 * The exception type and message of the innermost cause; store libraries wrap connection errors.
	 */
	private static String describe(Throwable failure) {
		Throwable root = failure;
		while (root.getCause() != null && root.getCause() != root) {
			root = root.getCause();
		}
		String message = root.getMessage();
		String type = root.getClass().getSimpleName();
		if (root != failure && failure.getMessage() != null) {
			return failure.getMessage() + ": " + type + ((message != null) ? ": " + message : "");
		}
		return type + ((message != null) ? ": " + message : "");
	}

}
