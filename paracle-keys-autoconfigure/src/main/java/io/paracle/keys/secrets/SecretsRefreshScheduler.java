package io.paracle.keys.secrets;

import java.time.Duration;

import io.paracle.keys.rotation.KeyRefresher;
import io.paracle.keys.rotation.PeriodicTask;

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
public class SecretsRefreshScheduler extends PeriodicTask {

	private final KeyRefresher refresher;

	/**
	 * Create a new scheduler.
	 * @param refresher what re-reads the keys
	 * @param interval time between two re-reads; zero switches the schedule off
	 */
	public SecretsRefreshScheduler(KeyRefresher refresher, Duration interval) {
		super("paracle-secrets-refresh", interval, interval);
		this.refresher = refresher;
	}

	@Override
	protected void runOnce() {
		this.refresher.refresh();
	}

	/**
	 * Return the time between two re-reads.
	 * @return the interval
	 */
	public Duration getInterval() {
		return getPeriod();
	}

}
