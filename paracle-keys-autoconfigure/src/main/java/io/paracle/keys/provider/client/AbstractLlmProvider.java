package io.paracle.keys.provider.client;

import java.util.List;

import io.paracle.keys.catalog.ProviderDescriptor;
import io.paracle.keys.metrics.ApiCallMetrics;
import io.paracle.keys.provider.ChatRequest;
import io.paracle.keys.provider.ChatResponse;
import io.paracle.keys.provider.ChatStream;
import io.paracle.keys.provider.InvalidApiKeyException;
import io.paracle.keys.provider.KeyDescription;
import io.paracle.keys.provider.KeyVerification;
import io.paracle.keys.provider.LlmProvider;
import io.paracle.keys.provider.LlmProviderException;
import io.paracle.keys.provider.RateLimitExceededException;
import io.paracle.keys.resolve.ApiKey;
import io.paracle.keys.resolve.MissingApiKeyException;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * Base of the 14 typed providers: applies the default model and runs every call through the configuration's
 * call pipeline (key choice, limit, failover, retries, measurement) with the wire format the catalog names for
 * its type.
 *
 * @author paracle-keys
 */
public abstract class AbstractLlmProvider implements LlmProvider {

	private final LlmProviderContext context;

	private final CallPipeline pipeline;

	private final ProviderTransport transport;

	AbstractLlmProvider(LlmProviderContext context, String catalogId) {
		Assert.notNull(context, "context must not be null");
		Assert.isTrue(catalogId.equals(context.descriptor().id()), () -> getClass().getSimpleName()
				+ " talks to '" + catalogId + "', but provider configuration '" + context.name() + "' is of type '"
				+ context.descriptor().id() + "'");
		this.context = context;
		this.transport = WireFormats.transport(context);
		this.pipeline = context.pipeline(this.transport.requiresKey());
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
		return this.pipeline.call(ApiCallMetrics.OPERATION_CHAT, model, request.apiKey(), (key, attempt) -> {
			ChatResponse response = this.transport.chat(request, model, key, attempt);
			if (response.totalTokens() > 0) {
				attempt.tokens(response.model(), response.inputTokens(), response.outputTokens());
			}
			else {
				attempt.responseModel(response.model());
			}
			return response.answeredBy(name(), (key != null) ? key.fingerprint() : response.keyFingerprint());
		});
	}

	@Override
	public ChatStream stream(ChatRequest request) {
		Assert.notNull(request, "request must not be null");
		if (!this.transport.streams()) {
			throw new UnsupportedOperationException(descriptor().displayName() + " (provider '" + name()
					+ "') cannot stream yet: use chat(ChatRequest)");
		}
		String model = (request.model() != null) ? request.model() : this.context.defaultModel();
		// the exchange returns once the first chunk is in: failover and retries happen before it, never after
		return this.pipeline.call(ApiCallMetrics.OPERATION_CHAT, model, request.apiKey(),
				(key, attempt) -> this.transport.stream(request, model, key, attempt));
	}

	/**
	 * Run an exchange of one's own through this configuration's call pipeline, exactly as {@link #chat} runs
	 * its own: the key chosen by the key pool for each attempt, the client-side limit, failover to the next key
	 * after 429 or 401/403 (with one re-read of the key sources), retries after 5xx and I/O failures, and one
	 * measured call per attempt. The seam for framework bridges (Spring AI, LangChain4j) that own the HTTP
	 * exchange and only need paracle's keys and key handling.
	 * @param <T> the result
	 * @param operation the {@code operation} tag of the measured calls, e.g. {@code chat}
	 * @param model the model tag, or {@code null}
	 * @param exchange the exchange
	 * @return the result of the exchange that succeeded
	 * @throws LlmProviderException when no key is left, or the provider's answer to the last attempt
	 */
	public <T> T exchange(String operation, @Nullable String model, KeyedExchange<T> exchange) {
		Assert.hasText(operation, "operation must not be empty");
		Assert.notNull(exchange, "exchange must not be null");
		return this.pipeline.call(operation, model, null, exchange);
	}

	@Override
	public List<String> listModels() {
		return this.pipeline.once(ApiCallMetrics.OPERATION_MODELS, null,
				(key, attempt) -> this.transport.listModels(key, attempt));
	}

	@Override
	public KeyVerification verifyKey() {
		ApiKey[] used = new ApiKey[1];
		try {
			int status = this.pipeline.once(ApiCallMetrics.OPERATION_VERIFY, null, (key, attempt) -> {
				used[0] = key;
				return this.transport.verify(key, attempt);
			});
			return verification(KeyVerification.Status.VALID, status, used[0],
					descriptor().displayName() + " accepted the key");
		}
		catch (InvalidApiKeyException ex) {
			return verification(KeyVerification.Status.INVALID, ex.getStatusCode(), used[0], ex.getMessage());
		}
		catch (MissingApiKeyException ex) {
			return verification(KeyVerification.Status.INVALID, 0, null, ex.getMessage());
		}
		catch (RateLimitExceededException ex) {
			return verification(KeyVerification.Status.VALID, ex.getStatusCode(), used[0],
					descriptor().displayName() + " accepted the key, but it is over its rate limit or quota: "
							+ ex.getMessage());
		}
		catch (LlmProviderException ex) {
			return verification(KeyVerification.Status.UNREACHABLE, ex.getStatusCode(), used[0], ex.getMessage());
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

	@Override
	public String toString() {
		return getClass().getSimpleName() + "[" + name() + "]";
	}

}
