package io.paracle.keys.sharedstate;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Properties of the state replicas share, {@code paracle.shared-state.*}.
 *
 * @author paracle-keys
 */
@ConfigurationProperties("paracle.shared-state")
public class SharedStateProperties {

	/**
	 * Where replicas share rate limits, token budgets, cool-downs, rejections and re-reads: none (each replica on
	 * its own) or redis (the application's Spring Data Redis connection, spring.data.redis.*).
	 */
	private Store store = Store.NONE;

	/**
	 * Longest time a Redis operation on the call path may take; past it the call goes on with this replica's own
	 * state.
	 */
	private Duration timeout = Duration.ofMillis(50);

	/**
	 * Time a replica works on its own state after a Redis operation failed, before it tries Redis again.
	 */
	private Duration retryInterval = Duration.ofSeconds(1);

	/**
	 * Prefix of every Redis key and channel paracle writes; give applications sharing one Redis their own.
	 */
	private String keyPrefix = "paracle:";

	public Store getStore() {
		return this.store;
	}

	public void setStore(Store store) {
		this.store = store;
	}

	public Duration getTimeout() {
		return this.timeout;
	}

	public void setTimeout(Duration timeout) {
		this.timeout = timeout;
	}

	public Duration getRetryInterval() {
		return this.retryInterval;
	}

	public void setRetryInterval(Duration retryInterval) {
		this.retryInterval = retryInterval;
	}

	public String getKeyPrefix() {
		return this.keyPrefix;
	}

	public void setKeyPrefix(String keyPrefix) {
		this.keyPrefix = keyPrefix;
	}

	/**
	 * Where the state is shared.
	 */
	public enum Store {

		/** Nowhere: each replica keeps its own state. */
		NONE,

		/** In Redis, through the application's Spring Data Redis connection. */
		REDIS

	}

}
