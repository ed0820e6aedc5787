package io.paracle.keys.provider.client;

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
import io.paracle.keys.provider.ProviderDescriptor;
import io.paracle.keys.provider.RateLimitExceededException;
import io.paracle.keys.resolve.ApiKey;
import io.paracle.keys.resolve.MissingApiKeyException;
import io.paracle.keys.resolve.ProviderKeys;
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
		ApiCall call = this.context.tracker().start(name(), type(), ApiCallMetrics.OPERATION_CHAT, model);
		try {
			ChatResponse response = this.transport.chat(request, model, key(request.apiKey()), call);
			if (response.totalTokens() > 0) {
				call.tokens(response.model(), response.inputTokens(), response.outputTokens());
			}
			return response;
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
