package io.paracle.keys.sharedstate;

import java.time.Duration;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.SmartLifecycle;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;

/**
 * Starts the subscription to the re-read broadcast without making startup depend on Redis: when Redis does not
 * answer at startup, the application starts anyway (one WARN) and a daemon thread subscribes as soon as it does.
 * Once subscribed, the container itself recovers from lost connections.
 *
 * @author paracle-keys
 */
final class SharedStateSubscription implements SmartLifecycle {

	private static final Log logger = LogFactory.getLog(SharedStateSubscription.class);

	private final RedisMessageListenerContainer container;

	private final long retryMillis;

	private volatile boolean running;

	private volatile @Nullable Thread retries;

	SharedStateSubscription(RedisMessageListenerContainer container, Duration retryInterval) {
		this.container = container;
		this.retryMillis = Math.max(100, retryInterval.toMillis());
	}

	@Override
	public void start() {
		this.running = true;
		if (subscribe(true)) {
			return;
		}
		Thread thread = new Thread(this::retry, "paracle-shared-state-subscription");
		thread.setDaemon(true);
		this.retries = thread;
		thread.start();
	}

	private void retry() {
		while (this.running) {
			try {
				Thread.sleep(this.retryMillis);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
			if (this.running && subscribe(false)) {
				logger.info("Subscribed to the shared re-read broadcast: Redis answers");
				return;
			}
		}
	}

	private boolean subscribe(boolean first) {
		try {
			this.container.start();
			return true;
		}
		catch (RuntimeException ex) {
			this.container.stop();
			if (first) {
				logger.warn("Could not subscribe to the shared re-read broadcast (" + ex.getClass().getSimpleName()
						+ "): the application starts anyway and subscribes as soon as Redis answers; until then "
						+ "this replica re-reads keys on its own schedule and its own rejections");
			}
			return false;
		}
	}

	@Override
	public void stop() {
		this.running = false;
		Thread thread = this.retries;
		if (thread != null) {
			thread.interrupt();
		}
		this.container.stop();
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

}
