package io.paracle.keys.rotation;

import java.time.Duration;

import io.paracle.keys.refresh.PeriodicTask;

import org.springframework.context.SmartLifecycle;
import org.springframework.util.Assert;

/**
 * Runs the {@link KeyAgePolicy} check at startup and then every period on one daemon thread, so that a key past
 * its maximum age is reported (once a day) even in an application that is never restarted.
 *
 * @author paracle-keys
 */
public class KeyAgeWarnings implements SmartLifecycle {

	private final PeriodicTask task;

	/**
	 * Create a new instance.
	 * @param policy the policy to check
	 * @param period time between two checks
	 */
	public KeyAgeWarnings(KeyAgePolicy policy, Duration period) {
		Assert.notNull(policy, "policy must not be null");
		this.task = new PeriodicTask("paracle-key-age", Duration.ZERO, period, policy::check);
	}

	@Override
	public void start() {
		this.task.start();
	}

	@Override
	public void stop() {
		this.task.stop();
	}

	@Override
	public boolean isRunning() {
		return this.task.isRunning();
	}

	/**
	 * Return the time between two checks.
	 * @return the period
	 */
	public Duration getPeriod() {
		return this.task.getPeriod();
	}

}
