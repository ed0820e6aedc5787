package io.paracle.keys.resilience;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import io.paracle.keys.resolve.ApiKey;
import io.paracle.keys.resolve.KeyOrigin;
import io.paracle.keys.resolve.KeySourceKind;
import io.paracle.keys.resolve.ProviderKeys;
import io.paracle.keys.testsupport.MutableClock;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Round robin over usable keys, cool-downs on a controllable clock, rejections until re-resolution.
 */
class KeyPoolTests {

	private static final KeyOrigin ORIGIN = new KeyOrigin(KeySourceKind.ENVIRONMENT, "OPENAI_API_KEY", null);

	private final ApiKey a = ApiKey.of("sk-pool-a-0001", ORIGIN);

	private final ApiKey b = ApiKey.of("sk-pool-b-0002", ORIGIN);

	private final ApiKey c = ApiKey.of("sk-pool-c-0003", ORIGIN);

	private final MutableClock clock = new MutableClock(Instant.parse("2026-11-27T10:00:00Z"));

	private final AtomicReference<ProviderKeys> keys = new AtomicReference<>(
			new ProviderKeys("openai", List.of(this.a, this.b, this.c)));

	private final List<String> events = new ArrayList<>();

	private final KeyPool pool = new KeyPool("openai", this.keys::get, new RoundRobinKeySelectionStrategy(),
			this.clock, Duration.ofSeconds(30), new KeyPoolListener() {

				@Override
				public void onCooldown(String provider, ApiKey key, Instant until) {
					KeyPoolTests.this.events.add("cooldown " + key.fingerprint() + " " + until);
				}

				@Override
				public void onRejected(String provider, ApiKey key, int status) {
					KeyPoolTests.this.events.add("rejected " + key.fingerprint() + " " + status);
				}

			});

	@Test
	void keysAreUsedInTurn() {
		assertThat(List.of(this.pool.select(), this.pool.select(), this.pool.select(), this.pool.select()))
			.containsExactly(this.a, this.b, this.c, this.a);
	}

	@Test
	void coolingKeyIsSkippedUntilRetryAfterHasPassed() {
		Instant until = this.pool.cooldown(this.a, Duration.ofSeconds(7));
		assertThat(until).isEqualTo(Instant.parse("2026-11-27T10:00:07Z"));
		for (int i = 0; i < 6; i++) {
			assertThat(this.pool.select()).isNotEqualTo(this.a);
		}
		this.clock.advance(Duration.ofMillis(6999));
		assertThat(List.of(this.pool.select(), this.pool.select(), this.pool.select())).doesNotContain(this.a);
		this.clock.advance(Duration.ofMillis(1));
		assertThat(List.of(this.pool.select(), this.pool.select(), this.pool.select())).contains(this.a);
		assertThat(this.events).containsExactly("cooldown " + this.a.fingerprint() + " 2026-11-27T10:00:07Z");
	}

	@Test
	void defaultCooldownWithoutRetryAfter() {
		assertThat(this.pool.cooldown(this.b, null)).isEqualTo(Instant.parse("2026-11-27T10:00:30Z"));
	}

	@Test
	void everyKeyCoolingGivesNullAndTheEarliestFreeTime() {
		this.pool.cooldown(this.a, Duration.ofSeconds(20));
		this.pool.cooldown(this.b, Duration.ofSeconds(5));
		this.pool.cooldown(this.c, Duration.ofSeconds(9));
		assertThat(this.pool.select()).isNull();
		assertThat(this.pool.earliestAvailable()).isEqualTo(Instant.parse("2026-11-27T10:00:05Z"));
		assertThat(this.pool.allRejected()).isFalse();
	}

	@Test
	void rejectedKeyStaysOutUntilKeysAreReResolved() {
		// without probes (KeyRecoveryTests has them): only new keys bring a rejected key back
		this.pool.setRejectionProbeInterval(Duration.ZERO);
		this.pool.reject(this.b, 401);
		this.clock.advance(Duration.ofDays(1));
		for (int i = 0; i < 10; i++) {
			assertThat(this.pool.select()).isNotEqualTo(this.b);
		}
		this.keys.set(new ProviderKeys("openai", List.of(this.a, this.b, this.c)));
		assertThat(List.of(this.pool.select(), this.pool.select(), this.pool.select())).contains(this.b);
	}

	@Test
	void allRejected() {
		this.pool.reject(this.a, 401);
		this.pool.reject(this.b, 403);
		assertThat(this.pool.allRejected()).isFalse();
		this.pool.reject(this.c, 401);
		assertThat(this.pool.allRejected()).isTrue();
		assertThat(this.pool.select()).isNull();
		assertThat(this.pool.earliestAvailable()).isNull();
	}

	@Test
	void exhaustedProviderQuotaCoolsTheKeyDownBeforeA429() {
		this.pool.rateLimitReport(this.a, 0L, Instant.parse("2026-11-27T10:00:12Z"), 5000L, null);
		assertThat(this.pool.states().get(0)).satisfies((state) -> {
			assertThat(state.coolingUntil()).isEqualTo(Instant.parse("2026-11-27T10:00:12Z"));
			assertThat(state.remainingRequests()).isZero();
			assertThat(state.remainingTokens()).isEqualTo(5000L);
		});
		this.pool.rateLimitReport(this.b, 10L, Instant.parse("2026-11-27T10:00:12Z"), 10L, null);
		assertThat(this.pool.states().get(1).coolingUntil()).isNull();
	}

	@Test
	void customStrategyPicksAmongUsableKeysOnly() {
		List<List<ApiKey>> seen = new ArrayList<>();
		KeyPool custom = new KeyPool("openai", this.keys::get, (provider, available) -> {
			seen.add(available);
			return available.get(available.size() - 1);
		}, this.clock, Duration.ofSeconds(30), KeyPoolListener.NONE);
		custom.reject(this.c, 401);
		assertThat(custom.select()).isEqualTo(this.b);
		assertThat(seen).containsExactly(List.of(this.a, this.b));
	}

}
