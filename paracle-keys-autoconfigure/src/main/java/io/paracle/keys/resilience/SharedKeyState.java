package io.paracle.keys.resilience;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.paracle.keys.resolve.ApiKey;
import org.jspecify.annotations.Nullable;

/**
 * The state that replicas of one application share ({@code paracle.shared-state.store}): key cool-downs and
 * rejections, the client-side request limit, token budgets and the news that a re-read found new keys. The
 * {@link KeyPool}, the {@link ClientRateLimiter} and the {@link TokenBudget} consult it and keep their own local
 * state besides, which they use whenever it cannot answer ({@link #LOCAL}, or a shared store that is down or
 * slow): sharing never makes a call fail. Keys are identified by fingerprint only.
 * <p>
 * Every method returns {@code null} (or does nothing) when the store cannot answer; implementations never throw
 * on the call path.
 *
 * @author paracle-keys
 */
public interface SharedKeyState {

	/** Returned by {@link #acquire} when no shared permit could be had within the wait. */
	Duration NO_PERMIT = Duration.ofNanos(-1);

	/** Nothing shared: every replica keeps its own state ({@code paracle.shared-state.store=none}). */
	SharedKeyState LOCAL = new SharedKeyState() {
	};

	/**
	 * Read the shared state of a provider configuration's keys.
	 * @param provider the provider configuration name
	 * @param keys the current keys
	 * @return the shared state, or {@code null} when nothing is shared or the store cannot answer
	 */
	default @Nullable SharedKeys read(String provider, List<ApiKey> keys) {
		return null;
	}

	/**
	 * Share that a key cools down until a given time.
	 * @param provider the provider configuration name
	 * @param key the key
	 * @param until when it may be used again
	 */
	default void cooled(String provider, ApiKey key, Instant until) {
	}

	/**
	 * Share that the provider refused a key.
	 * @param provider the provider configuration name
	 * @param key the key
	 * @param status the HTTP status
	 */
	default void rejected(String provider, ApiKey key, int status) {
	}

	/**
	 * Share that a rejected key was accepted again (a probe found it working).
	 * @param provider the provider configuration name
	 * @param key the key
	 */
	default void accepted(String provider, ApiKey key) {
	}

	/**
	 * Forget the shared cool-downs and rejections of the given keys (an operator's reset).
	 * @param provider the provider configuration name
	 * @param fingerprints the fingerprints of the keys
	 */
	default void cleared(String provider, List<String> fingerprints) {
	}

	/**
	 * Take a permit of the shared request limit of a provider configuration.
	 * @param provider the provider configuration name
	 * @param requestsPerMinute the permits per one-minute window
	 * @param maxWait the longest wait for a permit
	 * @return how long the call waited; {@link #NO_PERMIT} when none could be had within {@code maxWait}; or
	 * {@code null} when nothing is shared or the store cannot answer (the caller uses its local limit)
	 * @throws InterruptedException when the waiting thread is interrupted
	 */
	default @Nullable Duration acquire(String provider, long requestsPerMinute, Duration maxWait)
			throws InterruptedException {
		return null;
	}

	/**
	 * Everything a call attempt needs from the shared state at once, for a store that can answer it in one round
	 * trip: the key state of the keys, the tokens used in the budgets' windows and, when the configuration has a
	 * request limit, no budget is used up and one of the keys is usable (neither cooling down nor rejected as far
	 * as the store knows), a permit. The permit is taken without waiting: the answer says how long the caller
	 * must wait before it sends.
	 * @param provider the provider configuration name
	 * @param keys the current keys (empty for a per-call key)
	 * @param limiter the configuration's request limit, or {@code null}
	 * @param budget the configuration's token budgets, or {@code null}
	 * @return the answer, or {@code null} when the store answers through {@link #read}, {@link #tokensUsed} and
	 * {@link #acquire} one by one (the default), or cannot answer now
	 */
	default @Nullable Admission admit(String provider, List<ApiKey> keys, @Nullable ClientRateLimiter limiter,
			@Nullable TokenBudget budget) {
		return null;
	}

	/**
	 * Read the tokens used in the current windows of a provider configuration's budgets.
	 * @param provider the provider configuration name
	 * @param windows the windows, each identified by {@link TokenBudget.Window#id()}
	 * @return the tokens used in each window, in order, or {@code null} when the store cannot answer
	 */
	default long @Nullable [] tokensUsed(String provider, List<TokenBudget.Window> windows) {
		return null;
	}

	/**
	 * Count the tokens of an answer in the current windows of a provider configuration's budgets.
	 * @param provider the provider configuration name
	 * @param windows the windows
	 * @param tokens the tokens of the answer
	 * @return the tokens used in each window after this answer, in order, or {@code null} when the store cannot
	 * answer
	 */
	default long @Nullable [] addTokens(String provider, List<TokenBudget.Window> windows, long tokens) {
		return null;
	}

	/**
	 * Tell the other replicas that a re-read after a rejection found new keys for a provider configuration, so
	 * that they re-read too.
	 * @param provider the provider configuration name
	 */
	default void keysChanged(String provider) {
	}

	/**
	 * The shared state a call attempt needs, read at once ({@link #admit}).
	 *
	 * @param keys the keys it was read for (the list itself: a selection with another list reads again)
	 * @param keyState their shared state
	 * @param windows the budget windows it was read for, empty without a budget
	 * @param tokensUsed the tokens used in each window, in order
	 * @param permit how long the call must wait before it sends ({@link Duration#ZERO}: at once),
	 * {@link #NO_PERMIT} when none could be had within {@code max-wait}, or {@code null} when none was taken (no
	 * request limit, a budget used up, or no key usable)
	 */
	record Admission(List<ApiKey> keys, SharedKeys keyState, List<TokenBudget.Window> windows, long[] tokensUsed,
			@Nullable Duration permit) {

	}

	/**
	 * The shared state of a provider configuration's keys, as read once for a key selection.
	 *
	 * @param coolingUntil for each key (in the order of the keys read) the epoch millis until which it cools
	 * down, {@code 0} when it does not
	 * @param rejected for each key whether a replica saw it refused
	 */
	record SharedKeys(long[] coolingUntil, boolean[] rejected) {

	}

}
