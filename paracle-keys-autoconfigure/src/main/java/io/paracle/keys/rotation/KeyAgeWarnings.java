package io.paracle.keys.rotation;

import java.time.Duration;

import io.paracle.keys.refresh.PeriodicTask;

/**
 * Runs the {@link KeyAgePolicy} check at startup and then every period on one daemon thread, so that a key past
 * its maximum age is reported (once a day) even in an application that is never restarted.
 *
 * @author paracle-keys
 */
public class KeyAgeWarnings extends PeriodicTask {

	/**
	 * Create a new instance.
	 * @param policy the policy to check
	 * @param period time between two checks
	 */
	public KeyAgeWarnings(KeyAgePolicy policy, Duration period) {
		super("paracle-key-age", Duration.ZERO, period, policy::check);
	}

}
