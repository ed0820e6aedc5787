package io.paracle.keys.actuate;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.paracle.keys.testsupport.MutableClock;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Live key verification is cached for the verify interval, so health probes never hammer a provider; and the
 * call summary of the {@code paracle} endpoint.
 */
class KeyVerifierTests {

	@Test
	void providerIsCalledAtMostOncePerInterval() {
		MutableClock clock = new MutableClock(Instant.parse("2026-11-27T10:00:00Z"));
		AtomicInteger calls = new AtomicInteger();
		KeyVerifier verifier = new KeyVerifier((name) -> {
			calls.incrementAndGet();
			return new KeyVerifier.Result("valid", 200, Instant.EPOCH);
		}, Duration.ofMinutes(10), clock);
		for (int probe = 0; probe < 50; probe++) {
			assertThat(verifier.verify("openai").outcome()).isEqualTo("valid");
			clock.advance(Duration.ofSeconds(10));
		}
		assertThat(calls).hasValue(1);
		clock.advance(Duration.ofMinutes(2));
		assertThat(verifier.verify("openai").checkedAt()).isEqualTo(clock.instant());
		assertThat(calls).hasValue(2);
		assertThat(verifier.verify("anthropic").outcome()).isEqualTo("valid");
		assertThat(calls).hasValue(3);
	}

	@Test
	void callSummaryCountsCallsByOutcome() {
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		registry.counter("api.calls", "provider", "openai", "operation", "chat", "outcome", "success", "status", "200")
			.increment(3);
		registry.counter("api.calls", "provider", "openai", "operation", "models", "outcome", "success", "status",
				"200").increment();
		registry.counter("api.calls", "provider", "openai", "operation", "chat", "outcome", "auth_error", "status",
				"401").increment();
		registry.counter("api.calls", "provider", "groq", "operation", "chat", "outcome", "success", "status", "200")
			.increment();
		java.util.Map<String, Object> details = new java.util.LinkedHashMap<>();
		new CallMetricsStateContributor(registry).contribute("openai", details);
		assertThat(details).containsEntry("calls", java.util.Map.of("auth_error", 1L, "success", 4L));
	}

}
