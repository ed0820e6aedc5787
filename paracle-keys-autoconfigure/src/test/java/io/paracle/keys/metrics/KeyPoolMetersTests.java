package io.paracle.keys.metrics;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.paracle.keys.resilience.KeyPoolListener;
import io.paracle.keys.resolve.ApiKey;
import io.paracle.keys.resolve.KeyOrigin;
import io.paracle.keys.resolve.KeySourceKind;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link KeyPoolMeters} and the composite {@link KeyPoolListener}.
 */
class KeyPoolMetersTests {

	private static final KeyOrigin ORIGIN = new KeyOrigin(KeySourceKind.ENVIRONMENT, "OPENAI_API_KEY", null);

	private final ApiKey a = ApiKey.of("sk-meters-a-0001", ORIGIN);

	private final ApiKey b = ApiKey.of("sk-meters-b-0002", ORIGIN);

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private final KeyPoolMeters meters = new KeyPoolMeters(this.registry);

	@Test
	void countsEachKeyOfEachProviderOnItsOwn() {
		this.meters.onCall("openai", this.a);
		this.meters.onCall("openai", this.a);
		this.meters.onCall("openai", this.b);
		this.meters.onCall("openai-eu", this.a);
		this.meters.onCooldown("openai", this.a, Instant.EPOCH);
		this.meters.onRejected("openai", this.b, 401);
		assertThat(calls("openai", this.a)).isEqualTo(2);
		assertThat(calls("openai", this.b)).isEqualTo(1);
		assertThat(calls("openai-eu", this.a)).isEqualTo(1);
		assertThat(this.registry.get(KeyPoolMeters.CALLS).counters()).hasSize(3);
		assertThat(this.registry.get(KeyPoolMeters.COOLDOWNS).tag("fingerprint", this.a.fingerprint()).counter().count())
			.isEqualTo(1);
		assertThat(this.registry.get(KeyPoolMeters.REJECTIONS).tag("fingerprint", this.b.fingerprint()).counter().count())
			.isEqualTo(1);
	}

	@Test
	void timesWaitsByProviderAndAdmissionAndRegistersTheRefusedTimerOnlyWhenNeeded() {
		this.meters.onRateLimitWait("openai", Duration.ofMillis(10), true);
		this.meters.onRateLimitWait("openai", Duration.ofMillis(30), true);
		assertThat(this.registry.get(KeyPoolMeters.WAIT).timers()).hasSize(1);
		this.meters.onRateLimitWait("openai", Duration.ofSeconds(5), false);
		this.meters.onRateLimitWait("anthropic", Duration.ZERO, true);
		assertThat(this.registry.get(KeyPoolMeters.WAIT).tags("provider", "openai", "admitted", "true").timer())
			.satisfies((timer) -> {
				assertThat(timer.count()).isEqualTo(2);
				assertThat(timer.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(40);
			});
		assertThat(this.registry.get(KeyPoolMeters.WAIT).tags("provider", "openai", "admitted", "false").timer().count())
			.isEqualTo(1);
		assertThat(this.registry.get(KeyPoolMeters.WAIT).timers()).hasSize(3);
	}

	@Test
	void compositeListenerCallsEveryListenerInOrder() {
		List<String> heard = new ArrayList<>();
		KeyPoolListener composite = KeyPoolListener.composite(List.of(recorder("first", heard), this.meters,
				recorder("second", heard)));
		composite.onCall("openai", this.a);
		composite.onCooldown("openai", this.a, Instant.EPOCH);
		composite.onRejected("openai", this.a, 403);
		composite.onRateLimitWait("openai", Duration.ZERO, true);
		assertThat(heard).containsExactly("first call", "second call", "first cooldown", "second cooldown",
				"first rejected", "second rejected", "first wait", "second wait");
		assertThat(calls("openai", this.a)).isEqualTo(1);
	}

	private double calls(String provider, ApiKey key) {
		return this.registry.get(KeyPoolMeters.CALLS)
			.tags("provider", provider, "fingerprint", key.fingerprint())
			.counter()
			.count();
	}

	private static KeyPoolListener recorder(String name, List<String> heard) {
		return new KeyPoolListener() {

			@Override
			public void onCall(String provider, ApiKey key) {
				heard.add(name + " call");
			}

			@Override
			public void onCooldown(String provider, ApiKey key, Instant until) {
				heard.add(name + " cooldown");
			}

			@Override
			public void onRejected(String provider, ApiKey key, int status) {
				heard.add(name + " rejected");
			}

			@Override
			public void onRateLimitWait(String provider, Duration waited, boolean admitted) {
				heard.add(name + " wait");
			}

		};
	}

}
