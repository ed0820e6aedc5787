package io.paracle.keys.resilience;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * The token budgets of one provider configuration ({@code rate-limit.tokens-per-minute},
 * {@code budget.tokens-per-day}, {@code budget.tokens-per-month}): tokens are counted from each answer's usage in
 * fixed UTC windows (the minute, the day, the month); while the tokens counted in a window are below its budget
 * calls go out, and the answer that crosses it is still counted; after that every call fails fast until the
 * window ends. Counted in the {@link SharedKeyState} when one is configured (all replicas together), and locally
 * always (used while the store cannot answer). Thread-safe.
 *
 * @author paracle-keys
 */
public final class TokenBudget {

	private final String provider;

	private final Clock clock;

	private final SharedKeyState sharedState;

	private final Counter[] counters;

	private final List<Limit> limits;

	private volatile List<Window> windows;

	private volatile long windowsEnd;

	/**
	 * Create a budget.
	 * @param provider the provider configuration name
	 * @param limits the budgets (at least one)
	 * @param clock the clock of the windows
	 * @param sharedState where replicas count together
	 */
	public TokenBudget(String provider, List<Limit> limits, Clock clock, SharedKeyState sharedState) {
		Assert.notEmpty(limits, "limits must not be empty");
		this.provider = provider;
		this.clock = clock;
		this.sharedState = sharedState;
		this.counters = limits.stream().map(Counter::new).toArray(Counter[]::new);
		this.limits = List.copyOf(limits);
		this.windows = List.of();
	}

	/**
	 * Return the budgets of the settings of a provider configuration, none when no budget is set.
	 * @param tokensPerMinute the budget per minute, or {@code null}
	 * @param tokensPerDay the budget per day, or {@code null}
	 * @param tokensPerMonth the budget per month, or {@code null}
	 * @return the budgets
	 */
	public static List<Limit> limits(@Nullable Long tokensPerMinute, @Nullable Long tokensPerDay,
			@Nullable Long tokensPerMonth) {
		List<Limit> limits = new ArrayList<>();
		if (tokensPerMinute != null) {
			limits.add(new Limit(Budget.TOKENS_PER_MINUTE, tokensPerMinute));
		}
		if (tokensPerDay != null) {
			limits.add(new Limit(Budget.TOKENS_PER_DAY, tokensPerDay));
		}
		if (tokensPerMonth != null) {
			limits.add(new Limit(Budget.TOKENS_PER_MONTH, tokensPerMonth));
		}
		return limits;
	}

	/**
	 * Check the budgets before a call.
	 * @return the first exhausted budget, or {@code null} when the call may go out
	 */
	public @Nullable Exhausted check() {
		return check(null);
	}

	/**
	 * Check the budgets before a call, with the shared counts already read for it.
	 * @param admission the shared state read for this call ({@link SharedKeyState#admit}), or {@code null} to
	 * read the counts now
	 * @return the first exhausted budget, or {@code null} when the call may go out
	 */
	public @Nullable Exhausted check(SharedKeyState.@Nullable Admission admission) {
		List<Window> current = windows();
		long[] shared = (admission != null && admission.windows() == current) ? admission.tokensUsed()
				: this.sharedState.tokensUsed(this.provider, current);
		Exhausted exhausted = null;
		for (int i = 0; i < this.counters.length; i++) {
			Counter counter = this.counters[i];
			Window window = current.get(i);
			long used = (shared != null) ? counter.known(window, shared[i]) : counter.local(window);
			if (exhausted == null && used >= counter.limit.tokens()) {
				exhausted = new Exhausted(this.provider, counter.limit.budget(), counter.limit.tokens(), used,
						window.resetsAt());
			}
		}
		return exhausted;
	}

	/**
	 * Count the tokens of an answer.
	 * @param tokens the input and output tokens of the answer
	 */
	public void add(long tokens) {
		if (tokens <= 0) {
			return;
		}
		List<Window> current = windows();
		for (int i = 0; i < this.counters.length; i++) {
			this.counters[i].add(current.get(i), tokens);
		}
		long[] shared = this.sharedState.addTokens(this.provider, current, tokens);
		if (shared != null) {
			for (int i = 0; i < this.counters.length; i++) {
				this.counters[i].known(current.get(i), shared[i]);
			}
		}
	}

	/**
	 * Return the budgets.
	 * @return the budgets, in the order minute, day, month
	 */
	public List<Limit> limits() {
		return this.limits;
	}

	/**
	 * Return the current windows of the budgets, in the order of {@link #limits()}: the same list until one of
	 * them ends.
	 * @return the windows
	 */
	public List<Window> currentWindows() {
		return windows();
	}

	/**
	 * Return the tokens left in the current window of a budget, as last known (no store is asked).
	 * @param budget the budget
	 * @return the tokens left (never negative), or {@code -1} when that budget is not set
	 */
	public long remaining(Budget budget) {
		List<Window> current = windows();
		for (int i = 0; i < this.counters.length; i++) {
			Counter counter = this.counters[i];
			if (counter.limit.budget() == budget) {
				return Math.max(0, counter.limit.tokens() - counter.lastKnown(current.get(i)));
			}
		}
		return -1;
	}

	private List<Window> windows() {
		long now = this.clock.millis();
		if (now < this.windowsEnd) {
			return this.windows;
		}
		Instant instant = Instant.ofEpochMilli(now);
		List<Window> current = new ArrayList<>(this.counters.length);
		long end = Long.MAX_VALUE;
		for (Counter counter : this.counters) {
			Window window = counter.limit.budget().window(instant);
			current.add(window);
			end = Math.min(end, window.resetsAt().toEpochMilli());
		}
		this.windows = List.copyOf(current);
		this.windowsEnd = end;
		return this.windows;
	}

	/**
	 * The budgets a provider configuration may have.
	 */
	public enum Budget {

		/** {@code rate-limit.tokens-per-minute}. */
		TOKENS_PER_MINUTE("tokens-per-minute", "rate-limit.tokens-per-minute"),

		/** {@code budget.tokens-per-day}. */
		TOKENS_PER_DAY("tokens-per-day", "budget.tokens-per-day"),

		/** {@code budget.tokens-per-month}. */
		TOKENS_PER_MONTH("tokens-per-month", "budget.tokens-per-month");

		private final String tagValue;

		private final String property;

		Budget(String tagValue, String property) {
			this.tagValue = tagValue;
			this.property = property;
		}

		/**
		 * Return the name of the budget, as in meters and messages ({@code tokens-per-day}).
		 * @return the name
		 */
		public String tagValue() {
			return this.tagValue;
		}

		/**
		 * Return the property under {@code paracle.providers.<name>.} that sets it.
		 * @return the property
		 */
		public String property() {
			return this.property;
		}

		/**
		 * Return the window of this budget that contains an instant.
		 * @param now the instant
		 * @return the window
		 */
		public Window window(Instant now) {
			return switch (this) {
				case TOKENS_PER_MINUTE -> {
					long minute = now.getEpochSecond() / 60;
					yield new Window(this, this.tagValue + ":" + minute, Instant.ofEpochSecond((minute + 1) * 60));
				}
				case TOKENS_PER_DAY -> {
					LocalDate day = LocalDate.ofInstant(now, ZoneOffset.UTC);
					yield new Window(this, this.tagValue + ":" + day,
							day.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC));
				}
				case TOKENS_PER_MONTH -> {
					YearMonth month = YearMonth.from(LocalDate.ofInstant(now, ZoneOffset.UTC));
					yield new Window(this, this.tagValue + ":" + month,
							month.plusMonths(1).atDay(1).atStartOfDay().toInstant(ZoneOffset.UTC));
				}
			};
		}

	}

	/**
	 * One budget of a provider configuration.
	 *
	 * @param budget which budget
	 * @param tokens the tokens per window
	 */
	public record Limit(Budget budget, long tokens) {

		/**
		 * Create a budget.
		 * @param budget which budget
		 * @param tokens the tokens per window (positive)
		 */
		public Limit {
			Assert.isTrue(tokens > 0, "tokens must be positive");
		}

	}

	/**
	 * The current window of a budget.
	 *
	 * @param budget the budget
	 * @param id the window's identifier, such as {@code tokens-per-day:2026-12-01} (UTC)
	 * @param resetsAt when the window ends
	 */
	public record Window(Budget budget, String id, Instant resetsAt) {

	}

	/**
	 * A budget that has no tokens left.
	 *
	 * @param provider the provider configuration name
	 * @param budget the budget
	 * @param limit the tokens per window
	 * @param used the tokens counted in the window
	 * @param resetsAt when the window ends
	 */
	public record Exhausted(String provider, Budget budget, long limit, long used, Instant resetsAt) {

	}

	/**
	 * The local count of one budget in its current window, and the last count known from the store.
	 */
	private static final class Counter {

		private final Limit limit;

		private volatile String windowId = "";

		private final AtomicLong used = new AtomicLong();

		private volatile long known;

		Counter(Limit limit) {
			this.limit = limit;
		}

		long local(Window window) {
			roll(window);
			long local = this.used.get();
			this.known = Math.max(this.known, local);
			return local;
		}

		long known(Window window, long shared) {
			roll(window);
			this.known = shared;
			return shared;
		}

		long lastKnown(Window window) {
			roll(window);
			return Math.max(this.known, this.used.get());
		}

		void add(Window window, long tokens) {
			roll(window);
			this.known = Math.max(this.known, this.used.addAndGet(tokens));
		}

		private void roll(Window window) {
			if (!window.id().equals(this.windowId)) {
				synchronized (this) {
					if (!window.id().equals(this.windowId)) {
						this.used.set(0);
						this.known = 0;
						this.windowId = window.id();
					}
				}
			}
		}

	}

}
