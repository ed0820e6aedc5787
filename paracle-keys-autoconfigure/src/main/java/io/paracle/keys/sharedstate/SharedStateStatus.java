package io.paracle.keys.sharedstate;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Whether this replica can reach the shared store: after a failed or slow operation it works on its own state for
 * {@code paracle.shared-state.retry-interval}, then tries the store again and rejoins when it answers. Logs one
 * WARN per outage and one INFO when the store is back, and counts every operation answered from local state
 * instead ({@code paracle.shared-state.fallbacks}).
 *
 * @author paracle-keys
 */
final class SharedStateStatus {

	private static final Log logger = LogFactory.getLog(SharedStateStatus.class);

	private final String store;

	private final long retryIntervalMillis;

	private final Duration timeout;

	private final Clock clock;

	private final AtomicBoolean up = new AtomicBoolean(true);

	private volatile long retryAt;

	private final AtomicLong fallbacks = new AtomicLong();

	SharedStateStatus(String store, Duration timeout, Duration retryInterval, Clock clock) {
		this.store = store;
		this.timeout = timeout;
		this.retryIntervalMillis = retryInterval.toMillis();
		this.clock = clock;
	}

	/**
	 * Return whether an operation should go to the store now; when not, it counts as a fallback.
	 * @return whether to ask the store
	 */
	boolean tryStore() {
		if (this.up.get() || this.clock.millis() >= this.retryAt) {
			return true;
		}
		this.fallbacks.incrementAndGet();
		return false;
	}

	/**
	 * An operation failed or took longer than the timeout: it is answered locally.
	 * @param operation what was attempted
	 * @param ex the failure
	 */
	void failed(String operation, Throwable ex) {
		this.fallbacks.incrementAndGet();
		this.retryAt = this.clock.millis() + this.retryIntervalMillis;
		if (this.up.compareAndSet(true, false)) {
			logger.warn("Shared state store (" + this.store + ") failed " + operation + " (" + describe(ex)
					+ "; timeout " + this.timeout.toMillis() + " ms): this replica uses its own rate limits, "
					+ "budgets and key state, and tries again every " + this.retryIntervalMillis + " ms "
					+ "(paracle.shared-state.timeout / .retry-interval)");
		}
	}

	/**
	 * An operation succeeded: the replica is (back) in the shared state.
	 */
	void succeeded() {
		if (!this.up.get() && this.up.compareAndSet(false, true)) {
			logger.info("Shared state store (" + this.store + ") answers again: this replica shares its rate limits, "
					+ "budgets and key state again");
		}
	}

	/**
	 * Return whether the store answered the last operation.
	 * @return whether it is up
	 */
	boolean isUp() {
		return this.up.get();
	}

	/**
	 * Return the operations answered from local state so far.
	 * @return the count
	 */
	long fallbacks() {
		return this.fallbacks.get();
	}

	String store() {
		return this.store;
	}

	private static String describe(Throwable ex) {
		Throwable cause = ex;
		while (cause.getCause() != null && cause.getCause() != cause) {
			cause = cause.getCause();
		}
		String message = cause.getMessage();
		return cause.getClass().getSimpleName() + ((message != null) ? ": " + message : "");
	}

}
