package io.paracle.keys.refresh;

import java.time.Duration;

/**
 * Re-reads every key every {@code paracle.secrets.refresh-interval} through the {@link KeyRefresher} (the secret
 * store first, when one is the backend), on one daemon thread that stops with the application context. One
 * schedule for every backend, rather than each library's own reload: Spring Cloud Azure's refresh timer stops for
 * good on its first failure and publishes no event, Spring Cloud AWS's reload needs the actuator and refreshes the
 * whole context anyway, and Vault KV v2 has no reload at all. A zero or negative interval switches the schedule
 * off.
 *
 * @author paracle-keys
 */
public class KeyRefreshSchedule extends PeriodicTask {

	/**
	 * Create a new schedule.
	 * @param refresher what re-reads the keys
	 * @param interval time between two re-reads; zero switches the schedule off
	 */
	public KeyRefreshSchedule(KeyRefresher refresher, Duration interval) {
		super("paracle-secrets-refresh", interval, interval, refresher::refresh);
	}

	/**
	 * Return the time between two re-reads.
	 * @return the interval
	 */
	public Duration getInterval() {
		return getPeriod();
	}

}
