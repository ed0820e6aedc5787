package io.paracle.keys.rotation;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.jspecify.annotations.Nullable;

import org.springframework.context.SmartLifecycle;

/**
 * Runs the {@link KeyAgePolicy} check at startup and then every hour on one daemon thread, so that a key past
 * its maximum age is reported (once a day) even in an application that is never restarted.
 *
 * @author paracle-keys
 */
public class KeyAgeWarnings implements SmartLifecycle {

	private final KeyAgePolicy policy;

	private final Duration period;

	private @Nullable ScheduledExecutorService executor;

	/**
	 * Create a new instance.
	 * @param policy the policy to check
	 * @param period time between two checks
	 */
	public KeyAgeWarnings(KeyAgePolicy policy, Duration period) {
		this.policy = policy;
		this.period = period;
	}

	@Override
	public synchronized void start() {
		if (this.executor != null) {
			return;
		}
		ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor((runnable) -> {
			Thread thread = new Thread(runnable, "paracle-key-age");
			thread.setDaemon(true);
			return thread;
		});
		executor.scheduleAtFixedRate(this.policy::check, 0, this.period.toMillis(), TimeUnit.MILLISECONDS);
		this.executor = executor;
	}

	@Override
	public synchronized void stop() {
		if (this.executor != null) {
			this.executor.shutdownNow();
			this.executor = null;
		}
	}

	@Override
	public synchronized boolean isRunning() {
		return this.executor != null;
	}

}
