package io.paracle.keys.refresh;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.SmartLifecycle;
import org.springframework.util.Assert;

/**
 * A task that runs on one daemon thread at a fixed delay while the application context runs: started with the
 * context, stopped (waiting for a run in progress) when it closes. A failed run is logged and the schedule goes
 * on. A zero or negative period switches the task off. The key re-read schedule and the key age check are
 * PeriodicTasks with their own name and task (bean types to look up), not overrides of it.
 *
 * @author paracle-keys
 */
public class PeriodicTask implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(PeriodicTask.class);

	private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

	private final String threadName;

	private final Duration initialDelay;

	private final Duration period;

	private final Runnable task;

	private @Nullable ScheduledExecutorService executor;

	/**
	 * Create a new task.
	 * @param threadName name of the thread it runs on
	 * @param initialDelay delay before the first run
	 * @param period delay between the end of one run and the start of the next
	 * @param task one run
	 */
	public PeriodicTask(String threadName, Duration initialDelay, Duration period, Runnable task) {
		Assert.hasText(threadName, "threadName must not be empty");
		Assert.notNull(initialDelay, "initialDelay must not be null");
		Assert.notNull(period, "period must not be null");
		Assert.notNull(task, "task must not be null");
		this.threadName = threadName;
		this.initialDelay = initialDelay;
		this.period = period;
		this.task = task;
	}

	@Override
	public synchronized void start() {
		if (this.executor != null || this.period.isZero() || this.period.isNegative()) {
			return;
		}
		ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor((runnable) -> {
			Thread thread = new Thread(runnable, this.threadName);
			thread.setDaemon(true);
			return thread;
		});
		executor.scheduleWithFixedDelay(this::safeRun, this.initialDelay.toMillis(), this.period.toMillis(),
				TimeUnit.MILLISECONDS);
		this.executor = executor;
	}

	private void safeRun() {
		try {
			this.task.run();
		}
		catch (RuntimeException ex) {
			logger.warn(this.threadName + " failed; next run in " + this.period, ex);
		}
	}

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
	 * Return the delay between two runs.
	 * @return the period
	 */
	public Duration getPeriod() {
		return this.period;
	}

}
