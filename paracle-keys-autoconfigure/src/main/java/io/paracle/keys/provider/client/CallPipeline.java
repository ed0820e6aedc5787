package io.paracle.keys.provider.client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.Supplier;

import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.paracle.keys.metrics.ApiCall;
import io.paracle.keys.metrics.ApiCallOutcome;
import io.paracle.keys.metrics.ApiCallTracker;
import io.paracle.keys.metrics.GenAiTarget;
import io.paracle.keys.provider.BudgetExceededException;
import io.paracle.keys.provider.CallTimeoutException;
import io.paracle.keys.provider.InvalidApiKeyException;
import io.paracle.keys.provider.LlmProviderException;
import io.paracle.keys.provider.ProviderUnavailableException;
import io.paracle.keys.provider.RateLimitExceededException;
import io.paracle.keys.refresh.KeyRefresher;
import io.paracle.keys.resilience.ClientRateLimiter;
import io.paracle.keys.resilience.KeyPool;
import io.paracle.keys.resilience.KeyPools;
import io.paracle.keys.resilience.RateLimitReport;
import io.paracle.keys.resilience.SharedKeyState;
import io.paracle.keys.resilience.TokenBudget;
import io.paracle.keys.resolve.ApiKey;
import io.paracle.keys.resolve.KeySourceKind;
import io.paracle.keys.resolve.MissingApiKeyException;
import io.paracle.keys.resolve.ProviderKeys;
import io.paracle.keys.resolve.ProviderSettings;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.util.function.SingletonSupplier;
import org.springframework.web.client.ResourceAccessException;

/**
 * The one call path of a provider configuration. Every call &mdash; a chat, a model listing, a key check, and
 * any {@link KeyedExchange} a framework bridge runs &mdash; goes through here: key selection from the
 * {@link KeyPool} (or the per-call key), the client-side permit, one measured {@link ApiCall} per attempt, the
 * outcome classified once ({@link ApiCallOutcome#of}), the key pool told what happened (cool-down after 429,
 * rejection and one re-read of the key sources after 401/403), failover to the next key, and retries of 5xx and
 * I/O failures. The wire formats only send, report what they saw and read.
 *
 * @author paracle-keys
 */
final class CallPipeline {

	/** The status of a successful call, boxed once (a status above 127 is a new {@code Integer} each time). */
	private static final Integer OK = 200;

	private static final Log logger = LogFactory.getLog(CallPipeline.class);

	private final String name;

	private final String type;

	private final Supplier<ProviderKeys> keys;

	private final boolean requiresKey;

	private final KeyPools keyPools;

	private final KeyPool keyPool;

	private final ApiCallTracker tracker;

	private final GenAiTarget target;

	private final @Nullable KeyRefresher keyRefresher;

	private final ProviderErrors errors;

	private final SingletonSupplier<Retry> retry;

	private final Duration probeInterval;

	private final long timeoutNanos;

	private final @Nullable Duration callTimeout;

	/** Whether every key is rejected: logged once when it starts, and once when a key works again. */
	private final AtomicBoolean noUsableKey = new AtomicBoolean();

	CallPipeline(String name, String type, ProviderSettings settings, Supplier<ProviderKeys> keys,
			boolean requiresKey, KeyPools keyPools, ApiCallTracker tracker, @Nullable KeyRefresher keyRefresher,
			ProviderErrors errors) {
		this.name = name;
		this.type = type;
		this.keys = keys;
		this.requiresKey = requiresKey;
		this.keyPools = keyPools;
		this.keyPool = keyPools.pool(name);
		this.tracker = tracker;
		this.target = GenAiTarget.of(name, type, serverUrl(type, settings));
		this.keyRefresher = keyRefresher;
		this.errors = errors;
		this.probeInterval = settings.rejectionProbeInterval();
		this.timeoutNanos = settings.timeout().toNanos();
		this.callTimeout = settings.callTimeout();
		// created on the first call, with resilience4j's classes
		this.retry = SingletonSupplier.of(() -> retry(name, settings));
	}

	/**
	 * The URL the configuration's calls go to, for {@code server.address}/{@code server.port}: the base URL, or
	 * Bedrock Runtime's regional endpoint.
	 */
	private static @Nullable String serverUrl(String type, ProviderSettings settings) {
		if (settings.baseUrl() == null && "bedrock".equals(type) && settings.region() != null) {
			return "https://bedrock-runtime." + settings.region() + ".amazonaws.com";
		}
		return settings.baseUrl();
	}

	private static Retry retry(String name, ProviderSettings settings) {
		RetryConfig config = RetryConfig.custom()
			.maxAttempts(settings.maxRetries() + 1)
			.intervalFunction(IntervalFunction.ofExponentialRandomBackoff(settings.retryBackoff(), 2.0, 0.5))
			.retryExceptions(ProviderUnavailableException.class)
			.ignoreExceptions(CallTimeoutException.class)
			.build();
		return Retry.of("paracle-" + name, config);
	}

	/**
	 * Run a call that may move to the next key: retried after 5xx and I/O failures; within each try, moved at
	 * once to the next usable key after a 429 (the key cools down) or a 401/403 (the key is rejected; the key
	 * sources are re-read once). A per-call key is never replaced. Every attempt is measured on its own.
	 * @param <T> the result
	 * @param operation the operation tag
	 * @param model the model tag
	 * @param override the per-call key, or {@code null}
	 * @param exchange the exchange
	 * @return the result
	 * @throws LlmProviderException when no key is left, or the provider's answer to the last attempt
	 */
	<T> T call(String operation, @Nullable String model, @Nullable ApiKey override, KeyedExchange<T> exchange) {
		Deadline deadline = new Deadline(System.nanoTime(), this.callTimeout);
		return this.retry.obtain()
			.executeSupplier(() -> withKeyFailover(operation, model, override, exchange, deadline));
	}

	/**
	 * Run one measured attempt with the first current key of the configuration (or the per-call key), without
	 * permit, failover or retry: model listings and key checks.
	 * @param <T> the result
	 * @param operation the operation tag
	 * @param override the per-call key, or {@code null}
	 * @param exchange the exchange
	 * @return the result
	 */
	<T> T once(String operation, @Nullable ApiKey override, KeyedExchange<T> exchange) {
		ApiCall call = this.tracker.start(this.target, operation, null);
		try {
			ApiKey key = (override != null) ? override : primaryKey();
			return exchange(exchange, key, call, System.nanoTime() + this.timeoutNanos);
		}
		catch (RuntimeException | Error ex) {
			call.error(ex);
			throw ex;
		}
		finally {
			call.stop();
		}
	}

	private <T> T withKeyFailover(String operation, @Nullable String model, @Nullable ApiKey override,
			KeyedExchange<T> exchange, Deadline deadline) {
		if (override != null) {
			this.keyPools.listener().onPerCallKey(this.name, override);
		}
		boolean reRead = false;
		LlmProviderException last = null;
		while (true) {
			if (override == null && !reRead && awaitReReadWhenEveryKeyIsRejected()) {
				reRead = true;
			}
			// key state, budgets and the permit in one shared-state round trip
			List<ApiKey> current = (override != null) ? List.of() : this.keys.get().keys();
			SharedKeyState.Admission admission = (override == null && current.isEmpty() && this.requiresKey) ? null
					: this.keyPools.admit(this.name, current);
			ApiKey key = (override != null) ? override : selectKey(last, admission);
			long start = System.nanoTime();
			if (deadline.passed(start)) {
				throw this.errors.callTimeout(deadline.callTimeout(), deadline.attempts());
			}
			checkBudget(admission);
			acquirePermit(admission);
			ApiCall call = this.tracker.start(this.target, operation, model);
			deadline.attempted();
			ExchangeAttempt attempt = new ExchangeAttempt(this, call, key,
					deadline.attemptEnd(start, this.timeoutNanos));
			boolean streamOpen = false;
			try {
				T result = exchange(exchange, attempt);
				StreamingCall stream = attempt.streamingCall();
				if (stream != null) {
					// the stream is open: the call and its outcome are the stream's to end
					streamOpen = true;
					call.closeScope();
				}
				else {
					recordCall(ApiCallOutcome.SUCCESS, OK, key);
				}
				if (override == null && key != null) {
					accepted(key);
				}
				return result;
			}
			catch (LlmProviderException ex) {
				abandonStream(attempt);
				call.error(ex);
				recordCall(ApiCallOutcome.of(ex), ex.hasStatusCode() ? ex.getStatusCode() : null, key);
				if (override != null || key == null) {
					throw ex;
				}
				if (ex instanceof RateLimitExceededException rateLimited) {
					this.keyPool.cooldown(key, rateLimited.getRetryAfter());
				}
				else if (ex instanceof InvalidApiKeyException) {
					this.keyPool.reject(key, ex.getStatusCode());
					logRejection(key, ex);
					if (!reRead && this.keyRefresher != null) {
						reRead = true;
						if (this.keyRefresher.refreshAfterRejection(this.name)) {
							this.keyPools.sharedState().keysChanged(this.name);
						}
					}
				}
				else {
					throw ex;
				}
				last = ex;
			}
			catch (RuntimeException | Error ex) {
				abandonStream(attempt);
				call.error(ex);
				throw ex;
			}
			finally {
				if (!streamOpen) {
					call.stop();
				}
			}
		}
	}

	private static void abandonStream(ExchangeAttempt attempt) {
		StreamingCall stream = attempt.streamingCall();
		if (stream != null) {
			stream.abandon();
		}
	}

	StreamingCall streamingCall(ApiCall call, @Nullable ApiKey key) {
		return new StreamingCall(this.name, call, this.keyPools, key);
	}

	private <T> T exchange(KeyedExchange<T> exchange, @Nullable ApiKey key, ApiCall call, long deadlineNanos) {
		return exchange(exchange, new ExchangeAttempt(this, call, key, deadlineNanos));
	}

	private <T> T exchange(KeyedExchange<T> exchange, ExchangeAttempt attempt) {
		try {
			return exchange.exchange(attempt.key(), attempt);
		}
		catch (IOException | UncheckedIOException | ResourceAccessException ex) {
			throw attempt.noAnswer(ex);
		}
	}

	private void accepted(ApiKey key) {
		this.keyPool.accepted(key);
		if (this.noUsableKey.get() && this.noUsableKey.compareAndSet(true, false)) {
			logger.info("Provider '" + this.name + "' has a usable key again: key " + key.fingerprint() + " from "
					+ key.origin().description() + " was accepted");
		}
	}

	/**
	 * One WARN per rejection, with the fingerprint and the provider's error type, and one when no key is left.
	 */
	private void logRejection(ApiKey key, LlmProviderException ex) {
		String type = ProviderErrors.errorType(ex.getMessage());
		String probe = this.probeInterval.isZero() ? "" : " (one call tries it again in "
				+ ProviderErrors.format(this.probeInterval) + ", paracle.providers." + this.name
				+ ".rejection-probe-interval)";
		logger.warn("Provider '" + this.name + "' refused key " + key.fingerprint() + " from "
				+ key.origin().description() + " (HTTP " + ex.getStatusCode() + ((type != null) ? ", " + type : "")
				+ "): out of use until the keys change" + probe);
		if (this.keyPool.allRejected() && this.noUsableKey.compareAndSet(false, true)) {
			ProviderKeys keys = this.keys.get();
			logger.warn("Provider '" + this.name + "' has no usable key left: every key " + keys.fingerprints()
					+ " was refused, so its calls fail. Rotate the key in " + keys.origin()
					+ "; the keys are re-read without a restart (POST /actuator/paracle re-reads at once).");
		}
	}

	/**
	 * When another call has just had the only key(s) rejected, this call would fail at once while that call's
	 * re-read of the key sources is still running (a secret store may take a moment). Ask for a re-read too: it
	 * waits for the one in progress (or is skipped within the minimum interval), so a rotated key is picked up
	 * instead of failing.
	 * @return whether a re-read was asked for
	 */
	private boolean awaitReReadWhenEveryKeyIsRejected() {
		if (this.keyRefresher == null || this.keys.get().isEmpty() || !this.keyPool.allRejected()) {
			return false;
		}
		this.keyRefresher.refreshAfterRejection(this.name);
		return true;
	}

	/**
	 * Return the key for the next attempt from the key pool, or {@code null} when the transport signs requests
	 * on its own (Bedrock with the AWS default credentials chain). When no key is left, a configuration with one
	 * key gets the provider's own answer to the last attempt; one with several keys gets an exception that
	 * covers them all (every key refused, or the earliest time a key frees up).
	 * @param last the failure of the previous attempt of this call, or {@code null}
	 */
	private @Nullable ApiKey selectKey(@Nullable LlmProviderException last,
			SharedKeyState.@Nullable Admission admission) {
		ProviderKeys keys = this.keys.get();
		if (keys.isEmpty()) {
			if (!this.requiresKey) {
				return null;
			}
			throw new MissingApiKeyException(this.name);
		}
		ApiKey key = this.keyPool.select(admission);
		if (key != null) {
			return key;
		}
		if (last != null && keys.count() == 1) {
			throw last;
		}
		if (this.keyPool.allRejected()) {
			throw this.errors.allKeysRejected(keys.fingerprints());
		}
		Instant availableAt = this.keyPool.earliestAvailable();
		throw this.errors.allKeysCooling((availableAt != null) ? availableAt : this.keyPools.clock().instant());
	}

	/**
	 * Return the first current key of the configuration, read now so that a rotated key is used at once.
	 */
	private @Nullable ApiKey primaryKey() {
		ProviderKeys keys = this.keys.get();
		if (keys.isEmpty() && !this.requiresKey) {
			return null;
		}
		return keys.primary();
	}

	/**
	 * Fail fast when a token budget of the configuration is used up.
	 * @throws BudgetExceededException naming the budget and when it resets
	 */
	private void checkBudget(SharedKeyState.@Nullable Admission admission) {
		TokenBudget budget = this.keyPools.budget(this.name);
		TokenBudget.Exhausted exhausted = (budget != null) ? budget.check(admission) : null;
		if (exhausted != null) {
			recordCall(ApiCallOutcome.BUDGET_EXCEEDED, null, null);
			throw this.errors.budgetExceeded(exhausted);
		}
	}

	/**
	 * Count an answer's tokens in the configuration's token budgets.
	 */
	void tokens(long tokens) {
		TokenBudget budget = this.keyPools.budget(this.name);
		if (budget != null) {
			budget.add(tokens);
		}
	}

	/**
	 * Wait for a client-side rate limit permit when the configuration has a limit.
	 * @throws RateLimitExceededException when no permit can be had within {@code max-wait}
	 */
	private void acquirePermit(SharedKeyState.@Nullable Admission admission) {
		ClientRateLimiter limiter = this.keyPools.limiter(this.name);
		if (limiter == null) {
			return;
		}
		Duration waited;
		try {
			waited = limiter.acquire(admission);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw this.errors.clientRateLimit(limiter.getMaxWait(), limiter.timeToPermit());
		}
		this.keyPools.listener()
			.onRateLimitWait(this.name, (waited != null) ? waited : limiter.getMaxWait(), waited != null);
		if (waited == null) {
			throw this.errors.clientRateLimit(limiter.getMaxWait(), limiter.timeToPermit());
		}
	}

	/**
	 * Hand the provider's rate limit headers to the key pool, which cools the key down before a 429 when the
	 * provider says nothing is left until a reset. Per-call keys have no pool state.
	 */
	void rateLimits(@Nullable ApiKey key, Function<String, @Nullable String> headers) {
		if (key == null || key.origin().kind() == KeySourceKind.PER_CALL) {
			return;
		}
		RateLimitReport report = RateLimitReport.from(headers, this.keyPools.clock().instant());
		if (report != null) {
			this.keyPool.rateLimitReport(key, report.remainingRequests(), report.requestsReset(),
					report.remainingTokens(), report.tokensReset());
		}
	}

	private void recordCall(ApiCallOutcome outcome, @Nullable Integer status, @Nullable ApiKey key) {
		this.keyPools.recordCall(this.name, outcome.tagValue(), status, (key != null) ? key.fingerprint() : null);
	}

	ProviderErrors errors() {
		return this.errors;
	}

	/**
	 * The deadline of one call ({@code call-timeout}), across its retries and key failover.
	 */
	private static final class Deadline {

		private final long endNanos;

		private final @Nullable Duration callTimeout;

		private int attempts;

		Deadline(long startNanos, @Nullable Duration callTimeout) {
			this.callTimeout = callTimeout;
			this.endNanos = (callTimeout != null) ? startNanos + callTimeout.toNanos() : 0;
		}

		boolean passed(long nowNanos) {
			return this.callTimeout != null && nowNanos - this.endNanos >= 0;
		}

		/**
		 * Return when an attempt that starts now must end: after its timeout, or at the call's deadline.
		 */
		long attemptEnd(long startNanos, long timeoutNanos) {
			long end = startNanos + timeoutNanos;
			return (this.callTimeout != null && end - this.endNanos > 0) ? this.endNanos : end;
		}

		void attempted() {
			this.attempts++;
		}

		int attempts() {
			return this.attempts;
		}

		Duration callTimeout() {
			return (this.callTimeout != null) ? this.callTimeout : Duration.ZERO;
		}

	}

}
