package io.paracle.keys.resilience;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.paracle.keys.resolve.ApiKey;
import io.paracle.keys.resolve.KeyOrigin;
import io.paracle.keys.resolve.KeySourceKind;
import io.paracle.keys.resolve.ProviderKeys;
import io.paracle.keys.testsupport.MutableClock;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How the key pool, the limiter and the budget use a {@link SharedKeyState}: what other replicas saw counts, what
 * this one sees is shared, and whatever the store cannot answer is answered from local state.
 */
class SharedKeyStateTests {

	private static final KeyOrigin ORIGIN = new KeyOrigin(KeySourceKind.ENVIRONMENT, "OPENAI_API_KEY", null);

	private final ApiKey a = ApiKey.of("sk-shared-a-0001", ORIGIN);

	private final ApiKey b = ApiKey.of("sk-shared-b-0002", ORIGIN);

	private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T10:00:00Z"));

	private final ProviderKeys keys = new ProviderKeys("openai", List.of(this.a, this.b));

	private final FakeSharedState shared = new FakeSharedState();

	private final KeyPool pool = new KeyPool("openai", () -> this.keys, new RoundRobinKeySelectionStrategy(),
			this.clock, Duration.ofSeconds(30), KeyPoolListener.NONE);

	@Test
	void aKeyAnotherReplicaCooledIsSkippedUntilItsTimeAndTheLocalChangesAreShared() {
		this.pool.setSharedState(this.shared);
		this.shared.coolingUntil = new long[] { this.clock.millis() + 30_000, 0 };
		assertThat(List.of(this.pool.select(), this.pool.select())).containsExactly(this.b, this.b);
		this.shared.coolingUntil = new long[] { 0, 0 };
		this.clock.advance(Duration.ofSeconds(31));
		assertThat(List.of(this.pool.select(), this.pool.select())).containsExactlyInAnyOrder(this.a, this.b);

		this.pool.cooldown(this.b, Duration.ofSeconds(5));
		this.pool.reject(this.a, 401);
		assertThat(this.shared.events).containsExactly(
				"cooled " + this.b.fingerprint() + " " + this.clock.instant().plusSeconds(5),
				"rejected " + this.a.fingerprint() + " 401");
	}

	@Test
	void aRejectionNoReplicaHoldsAnyMoreIsLiftedLocallyToo() {
		this.pool.setSharedState(this.shared);
		this.shared.rejected = new boolean[] { true, false };
		assertThat(List.of(this.pool.select(), this.pool.select())).containsExactly(this.b, this.b);
		assertThat(this.pool.states().get(0).rejected()).isTrue();
		// a probe on another replica found A working: Redis no longer holds the rejection
		this.shared.rejected = new boolean[] { false, false };
		assertThat(List.of(this.pool.select(), this.pool.select())).containsExactlyInAnyOrder(this.a, this.b);
	}

	@Test
	void whenTheStoreCannotAnswerLocalStateDecides() {
		this.pool.setSharedState(this.shared);
		this.shared.answers = false;
		this.pool.reject(this.a, 401);
		assertThat(List.of(this.pool.select(), this.pool.select())).containsExactly(this.b, this.b);
	}

	@Test
	void theLimiterTakesSharedPermitsAndItsOwnBucketWhenTheStoreCannotAnswer() throws InterruptedException {
		ClientRateLimiter local = new ClientRateLimiter(1, Duration.ZERO, ClientRateLimiter.timeMeter(this.clock),
				(nanos) -> {
				});
		ClientRateLimiter limiter = local.sharedThrough("openai", this.shared);
		this.shared.permit = Duration.ZERO;
		assertThat(limiter.acquire()).isEqualTo(Duration.ZERO);
		assertThat(limiter.acquire()).isEqualTo(Duration.ZERO);
		this.shared.permit = SharedKeyState.NO_PERMIT;
		assertThat(limiter.acquire()).as("refused by the shared limit").isNull();
		this.shared.answers = false;
		assertThat(limiter.acquire()).as("the local bucket's one permit").isEqualTo(Duration.ZERO);
		assertThat(limiter.acquire()).isNull();
		assertThat(local.sharedThrough("openai", SharedKeyState.LOCAL)).isSameAs(local);
	}

	@Test
	void theBudgetReadsTheSharedCountAndCountsLocallyWhenTheStoreCannotAnswer() {
		TokenBudget budget = new TokenBudget("openai", TokenBudget.limits(null, 100L, null), this.clock, this.shared);
		this.shared.used = new long[] { 99 };
		assertThat(budget.check()).isNull();
		this.shared.used = new long[] { 100 };
		assertThat(budget.check()).extracting(TokenBudget.Exhausted::used).isEqualTo(100L);
		assertThat(budget.remaining(TokenBudget.Budget.TOKENS_PER_DAY)).isZero();
		this.shared.answers = false;
		assertThat(budget.check()).as("nothing counted locally yet").isNull();
		budget.add(100);
		assertThat(budget.check()).isNotNull();
		assertThat(this.shared.events).isEmpty();
	}

	private final class FakeSharedState implements SharedKeyState {

		boolean answers = true;

		long[] coolingUntil = { 0, 0 };

		boolean[] rejected = { false, false };

		Duration permit = Duration.ZERO;

		long[] used = { 0 };

		final List<String> events = new ArrayList<>();

		@Override
		public @Nullable SharedKeys read(String provider, List<ApiKey> keys) {
			return this.answers ? new SharedKeys(this.coolingUntil.clone(), this.rejected.clone()) : null;
		}

		@Override
		public void cooled(String provider, ApiKey key, Instant until) {
			this.events.add("cooled " + key.fingerprint() + " " + until);
		}

		@Override
		public void rejected(String provider, ApiKey key, int status) {
			this.events.add("rejected " + key.fingerprint() + " " + status);
		}

		@Override
		public @Nullable Duration acquire(String provider, long requestsPerMinute, Duration maxWait) {
			return this.answers ? this.permit : null;
		}

		@Override
		public long @Nullable [] tokensUsed(String provider, List<TokenBudget.Window> windows) {
			return this.answers ? this.used.clone() : null;
		}

		@Override
		public long @Nullable [] addTokens(String provider, List<TokenBudget.Window> windows, long tokens) {
			return this.answers ? this.used.clone() : null;
		}

	}

}
