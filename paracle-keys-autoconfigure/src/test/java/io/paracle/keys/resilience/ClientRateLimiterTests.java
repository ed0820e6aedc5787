package io.paracle.keys.resilience;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.github.bucket4j.BlockingStrategy;
import io.paracle.keys.testsupport.MutableClock;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * 60 requests per minute: a burst of 100 admits 60 per window; the rest wait within max-wait or fail at once.
 * Time is a controllable clock; waiting moves the clock instead of sleeping.
 */
class ClientRateLimiterTests {

	private final MutableClock clock = new MutableClock(Instant.parse("2026-11-27T10:00:00Z"));

	private final List<Duration> parks = new ArrayList<>();

	private final BlockingStrategy advanceClock = (nanos) -> {
		this.parks.add(Duration.ofNanos(nanos));
		this.clock.advance(Duration.ofNanos(nanos));
	};

	@Test
	void burstOfOneHundredAdmitsSixtyAndFailsTheRestFastWhenMaxWaitIsShorterThanTheWindow() throws Exception {
		ClientRateLimiter limiter = new ClientRateLimiter(60, Duration.ofSeconds(2),
				ClientRateLimiter.timeMeter(this.clock), this.advanceClock);
		int admitted = 0;
		int refused = 0;
		for (int i = 0; i < 100; i++) {
			if (limiter.acquire() != null) {
				admitted++;
			}
			else {
				refused++;
			}
		}
		assertThat(admitted).isEqualTo(60);
		assertThat(refused).isEqualTo(40);
		assertThat(this.parks).as("refused calls fail at once, without waiting").isEmpty();
		assertThat(limiter.timeToPermit()).isEqualTo(Duration.ofMinutes(1));
		this.clock.advance(Duration.ofMinutes(1));
		assertThat(limiter.acquire()).isEqualTo(Duration.ZERO);
	}

	@Test
	void callsWaitForTheNextWindowWhenMaxWaitAllowsIt() throws Exception {
		ClientRateLimiter limiter = new ClientRateLimiter(60, Duration.ofSeconds(90),
				ClientRateLimiter.timeMeter(this.clock), this.advanceClock);
		Instant start = this.clock.instant();
		List<Duration> waits = new ArrayList<>();
		for (int i = 0; i < 100; i++) {
			waits.add(limiter.acquire());
		}
		assertThat(waits).doesNotContainNull();
		assertThat(waits.subList(0, 60)).containsOnly(Duration.ZERO);
		assertThat(waits.get(60)).isEqualTo(Duration.ofMinutes(1));
		assertThat(waits.subList(61, 100)).containsOnly(Duration.ZERO);
		assertThat(Duration.between(start, this.clock.instant())).isEqualTo(Duration.ofMinutes(1));
	}

}
