package io.paracle.keys.secrets;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.paracle.keys.rotation.KeyRefresher;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.SmartLifecycle;

/**
 * Re-reads every key every {@code paracle.secrets.refresh-interval} through the {@link KeyRefresher} (the secret
 * store first, when one is the backend), on one daemon thread that stops with the application context. One
 * schedule for every store, rather than each library's own reload: Spring Cloud Azure's refresh timer stops for
 * good on its first failure and publishes no event, Spring Cloud AWS's reload needs the actuator and refreshes the
 * whole context anyway, and Vault KV v2 has no reload at all. A zero or negative interval switches the schedule
 * off.
 *
 * @author paracle-keys
 */
public class SecretsRefreshScheduler implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(SecretsRefreshScheduler.class);

	/** How long closing the context waits for a re-read in progress (a store may be slow to answer). */
	private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

	private final KeyRefresher refresher;

	private final Duration interval;

	private @Nullable ScheduledExecutorService executor;

	/**
	 * Create a new scheduler.
	 * @param refresher what re-reads the keys
	 * @param interval time between two re-reads
	 */
	public SecretsRefreshScheduler(KeyRefresher refresher, Duration interval) {
		this.refresher = refresher;
		this.interval = interval;
	}

	@Override
	public synchronized void start() {
		if (this.executor != null || this.interval.isZero() || this.interval.isNegative()) {
			return;
		}
		ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor((runnable) -> {
			Thread thread = new Thread(runnable, "paracle-secrets-refresh");
			thread.setDaemon(true);
			return thread;
		});
		long millis = this.interval.toMillis();
		executor.scheduleWithFixedDelay(this::refresh, millis, millis, TimeUnit.MILLISECONDS);
		this.executor = executor;
	}

	private void refresh() {
		try {
			this.refresher.refresh();
		}
		catch (RuntimeException ex) {
			// Never let one failure end the schedule.
			logger.warn("Scheduled re-read of the API keys failed; retrying in " + this.interval, ex);
		}
	}

	/**
	 * Stop scheduling; a re-read in progress finishes first (within a bound), so that it never runs against a
	 * context whose beans are being destroyed.
	 */
	@Override
	public synchronized void stop() {
		ScheduledExecutorService executor = this.executor;
		if (executor == null) {
			return;
		}
		this.executor = null;
		executor.shutdown();
		try {
			if (!executor.awaitTermination(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
				executor.shutdownNow();
			}
		}
		catch (InterruptedException ex) {
			executor.shutdownNow();
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public synchronized boolean isRunning() {
		return this.executor != null;
	}

	/**
	 * Return the time between two re-reads.
	 * @return the interval
	 */
	public Duration getInterval() {
		return this.interval;
	}

}
