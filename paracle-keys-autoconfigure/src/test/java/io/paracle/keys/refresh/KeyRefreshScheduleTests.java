package io.paracle.keys.refresh;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The one schedule that re-reads keys for every backend.
 */
class KeyRefreshScheduleTests {

	@Test
	void reReadsEveryIntervalAndSurvivesFailures() {
		CountingRefresher refresher = new CountingRefresher(true);
		KeyRefreshSchedule scheduler = new KeyRefreshSchedule(refresher, Duration.ofMillis(20));
		scheduler.start();
		try {
			await().atMost(Duration.ofSeconds(10)).until(() -> refresher.calls.get() >= 3);
			assertThat(scheduler.isRunning()).isTrue();
		}
		finally {
			scheduler.stop();
		}
		int calls = refresher.calls.get();
		assertThat(scheduler.isRunning()).isFalse();
		Thread thread = refresher.thread;
		assertThat(thread.getName()).isEqualTo("paracle-secrets-refresh");
		try {
			thread.join(5000);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		assertThat(thread.isAlive()).as("the schedule's thread ended").isFalse();
		assertThat(refresher.calls.get()).isEqualTo(calls);
	}

	@Test
	void stopWaitsForAReReadInProgress() throws InterruptedException {
		CountDownLatch entered = new CountDownLatch(1);
		CountDownLatch release = new CountDownLatch(1);
		AtomicBoolean finished = new AtomicBoolean();
		KeyRefresher slow = new KeyRefresher() {

			@Override
			public List<String> refresh() {
				entered.countDown();
				try {
					release.await(10, TimeUnit.SECONDS);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
					return List.of();
				}
				finished.set(true);
				return List.of();
			}

			@Override
			public boolean refreshAfterRejection(String provider) {
				return false;
			}

		};
		KeyRefreshSchedule scheduler = new KeyRefreshSchedule(slow, Duration.ofMillis(10));
		scheduler.start();
		assertThat(entered.await(10, TimeUnit.SECONDS)).isTrue();
		Thread releaser = new Thread(() -> {
			try {
				Thread.sleep(100);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			release.countDown();
		});
		releaser.start();
		scheduler.stop();
		assertThat(finished).isTrue();
	}

	@Test
	void zeroIntervalSwitchesTheScheduleOff() {
		KeyRefreshSchedule scheduler = new KeyRefreshSchedule(new CountingRefresher(false), Duration.ZERO);
		scheduler.start();
		assertThat(scheduler.isRunning()).isFalse();
	}

	private static final class CountingRefresher implements KeyRefresher {

		private final AtomicInteger calls = new AtomicInteger();

		private volatile Thread thread;

		private final boolean fail;

		CountingRefresher(boolean fail) {
			this.fail = fail;
		}

		@Override
		public List<String> refresh() {
			this.calls.incrementAndGet();
			this.thread = Thread.currentThread();
			if (this.fail) {
				throw new IllegalStateException("boom");
			}
			return List.of();
		}

		@Override
		public boolean refreshAfterRejection(String provider) {
			return false;
		}

	}

}
