package io.paracle.keys.provider.client;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;

import io.paracle.keys.metrics.ApiCall;
import io.paracle.keys.metrics.ApiCallMetrics;
import io.paracle.keys.provider.ChatRequest;
import io.paracle.keys.provider.ChatResponse;
import io.paracle.keys.provider.InvalidApiKeyException;
import io.paracle.keys.provider.KeyDescription;
import io.paracle.keys.provider.KeyVerification;
import io.paracle.keys.provider.LlmProvider;
import io.paracle.keys.provider.LlmProviderException;
import io.paracle.keys.catalog.ProviderDescriptor;
import io.paracle.keys.provider.RateLimitExceededException;
import io.paracle.keys.resilience.ClientRateLimiter;
import io.paracle.keys.resilience.KeyPool;
import io.paracle.keys.resolve.ApiKey;
import io.paracle.keys.resolve.MissingApiKeyException;
import io.paracle.keys.resolve.ProviderKeys;
import io.paracle.keys.rotation.KeyRefresher;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * Base of the 14 typed providers: reads the key from the resolver on every call (or takes the request's
 * per-call key), applies the default model, measures the call, and hands the wire work to the provider's wire
 * format.
 *
 * @author paracle-keys
 */
public abstract class AbstractLlmProvider implements LlmProvider {

	private final LlmProviderContext context;

	private final ProviderTransport transport;

	AbstractLlmProvider(LlmProviderContext context, String catalogId,
			Function<LlmProviderContext, ProviderTransport> transport) {
		Assert.notNull(context, "context must not be null");
		Assert.isTrue(catalogId.equals(context.descriptor().id()), () -> getClass().getSimpleName()
				+ " talks to '" + catalogId + "', but provider configuration '" + context.name() + "' is of type '"
				+ context.descriptor().id() + "'");
		this.context = context;
		this.transport = transport.apply(context);
	}

	@Override
	public String name() {
		return this.context.name();
	}

	@Override
	public ProviderDescriptor descriptor() {
		return this.context.descriptor();
	}

	/**
	 * Return the context this provider was created with.
	 * @return the context
	 */
	public LlmProviderContext context() {
		return this.context;
	}

	@Override
	public ChatResponse chat(ChatRequest request) {
		Assert.notNull(request, "request must not be null");
		String model = (request.model() != null) ? request.model() : this.context.defaultModel();
		return this.context.retry().executeSupplier(() -> chatWithKeyFailover(request, model));
	}

	/**
	 * One call, moved at once to the next usable key after a 429 (the key cools down) or a 401/403 (the key is
	 * rejected; the key sources are re-read once). A per-call key is never replaced. Every attempt is measured
	 * on its own. Throws when no key is left.
	 */
	private ChatResponse chatWithKeyFailover(ChatRequest request, String model) {
		ApiKey override = request.apiKey();
		if (override != null) {
			this.context.keyPools().listener().onPerCallKey(name(), override);
		}
		KeyPool pool = this.context.keyPool();
		boolean reRead = false;
		LlmProviderException last = null;
		while (true) {
			if (override == null && !reRead && awaitReReadWhenEveryKeyIsRejected()) {
				reRead = true;
			}
			ApiKey key = (override != null) ? override : selectKey(last);
			acquirePermit();
			ApiCall call = this.context.tracker().start(name(), type(), ApiCallMetrics.OPERATION_CHAT, model);
			try {
				ChatResponse response = this.transport.chat(request, model, key, call);
				if (response.totalTokens() > 0) {
					call.tokens(response.model(), response.inputTokens(), response.outputTokens());
				}
				recordCall("success", 200, key);
				return (key != null) ? response.withKeyFingerprint(key.fingerprint()) : response;
			}
			catch (RateLimitExceededException ex) {
				call.error(ex);
				recordCall("rate_limited", ex.getStatusCode(), key);
				if (override != null || key == null) {
					throw ex;
				}
				pool.cooldown(key, ex.getRetryAfter());
				last = ex;
			}
			catch (InvalidApiKeyException ex) {
				call.error(ex);
				recordCall("auth_error", ex.getStatusCode(), key);
				if (override != null || key == null) {
					throw ex;
				}
				pool.reject(key, ex.getStatusCode());
				last = ex;
				KeyRefresher refresher = this.context.keyRefresher();
				if (!reRead && refresher != null) {
					reRead = true;
					refresher.refreshAfterRejection(name());
				}
			}
			catch (LlmProviderException ex) {
				call.error(ex);
				recordCall(ex.hasStatusCode() && ex.getStatusCode() >= 500 ? "server_error"
						: ex.hasStatusCode() ? "client_error" : "io_error", ex.hasStatusCode() ? ex.getStatusCode() : null,
						key);
				throw ex;
			}
			catch (RuntimeException | Error ex) {
				call.error(ex);
				throw ex;
			}
			finally {
				call.stop();
			}
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
		KeyRefresher refresher = this.context.keyRefresher();
		if (refresher == null || this.context.keys().isEmpty() || !this.context.keyPool().allRejected()) {
			return false;
		}
		refresher.refreshAfterRejection(name());
		return true;
	}

	/**
	 * Return the key for the next call from the key pool, or {@code null} when the transport signs requests on
	 * its own (Bedrock with the AWS default credentials chain). When no key is left, a configuration with one key
	 * gets the provider's own answer to the last attempt; one with several keys gets an exception that covers
	 * them all (every key refused, or the earliest time a key frees up).
	 * @param last the failure of the previous attempt of this call, or {@code null}
	 * @throws InvalidApiKeyException when the provider refused every key
	 * @throws RateLimitExceededException when every key cools down
	 */
	private @Nullable ApiKey selectKey(@Nullable LlmProviderException last) {
		ProviderKeys keys = this.context.keys();
		if (keys.isEmpty()) {
			if (!this.transport.requiresKey()) {
				return null;
			}
			throw new MissingApiKeyException(name());
		}
		KeyPool pool = this.context.keyPool();
		ApiKey key = pool.select();
		if (key != null) {
			return key;
		}
		if (last != null && keys.count() == 1) {
			throw last;
		}
		if (pool.allRejected()) {
			throw this.context.errors().allKeysRejected(keys.fingerprints());
		}
		Instant availableAt = pool.earliestAvailable();
		throw this.context.errors()
			.allKeysCooling((availableAt != null) ? availableAt : this.context.keyPools().clock().instant());
	}

	/**
	 * Wait for a client-side rate limit permit when the configuration has a limit.
	 * @throws RateLimitExceededException when no permit can be had within {@code max-wait}
	 */
	private void acquirePermit() {
		ClientRateLimiter limiter = this.context.keyPools().limiter(name());
		if (limiter == null) {
			return;
		}
		Duration waited;
		try {
			waited = limiter.acquire();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw this.context.errors().clientRateLimit(limiter.getMaxWait(), limiter.timeToPermit());
		}
		this.context.keyPools().listener().onRateLimitWait(name(), (waited != null) ? waited : limiter.getMaxWait(),
				waited != null);
		if (waited == null) {
			throw this.context.errors().clientRateLimit(limiter.getMaxWait(), limiter.timeToPermit());
		}
	}

	private void recordCall(String outcome, @Nullable Integer status, @Nullable ApiKey key) {
		this.context.keyPools().recordCall(name(), outcome, status, (key != null) ? key.fingerprint() : null);
	}

	@Override
	public List<String> listModels() {
		ApiCall call = this.context.tracker().start(name(), type(), ApiCallMetrics.OPERATION_MODELS, null);
		try {
			return this.transport.listModels(key(null), call);
		}
		catch (RuntimeException | Error ex) {
			call.error(ex);
			throw ex;
		}
		finally {
			call.stop();
		}
	}

	@Override
	public KeyVerification verifyKey() {
		ApiCall call = this.context.tracker().start(name(), type(), ApiCallMetrics.OPERATION_VERIFY, null);
		ApiKey key = null;
		try {
			key = key(null);
			int status = this.transport.verify(key, call);
			return verification(KeyVerification.Status.VALID, status, key,
					descriptor().displayName() + " accepted the key");
		}
		catch (InvalidApiKeyException ex) {
			call.error(ex);
			return verification(KeyVerification.Status.INVALID, ex.getStatusCode(), key, ex.getMessage());
		}
		catch (MissingApiKeyException ex) {
			call.error(ex);
			return verification(KeyVerification.Status.INVALID, 0, null, ex.getMessage());
		}
		catch (RateLimitExceededException ex) {
			call.error(ex);
			return verification(KeyVerification.Status.VALID, ex.getStatusCode(), key,
					descriptor().displayName() + " accepted the key, but it is over its rate limit or quota: "
							+ ex.getMessage());
		}
		catch (LlmProviderException ex) {
			call.error(ex);
			return verification(KeyVerification.Status.UNREACHABLE, ex.getStatusCode(), key, ex.getMessage());
		}
		catch (RuntimeException | Error ex) {
			call.error(ex);
			throw ex;
		}
		finally {
			call.stop();
		}
	}

	@Override
	public KeyDescription keyDescription() {
		return KeyDescription.of(this.context.keys());
	}

	ProviderTransport transport() {
		return this.transport;
	}

	private KeyVerification verification(KeyVerification.Status status, int httpStatus, @Nullable ApiKey key,
			@Nullable String message) {
		return new KeyVerification(name(), status, httpStatus, (key != null) ? key.fingerprint() : null,
				(message != null) ? message : status.name());
	}

	/**
	 * Return the key of this call: the per-call key, else the first current key of the configuration, read from
	 * the resolver now so that a rotated key is used at once.
	 */
	private @Nullable ApiKey key(@Nullable ApiKey override) {
		if (override != null) {
			return override;
		}
		ProviderKeys keys = this.context.keys();
		if (keys.isEmpty() && !this.transport.requiresKey()) {
			return null;
		}
		return keys.primary();
	}

	@Override
	public String toString() {
		return getClass().getSimpleName() + "[" + name() + "]";
	}

}
