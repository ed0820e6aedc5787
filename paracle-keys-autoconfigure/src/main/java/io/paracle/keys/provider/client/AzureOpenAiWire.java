package io.paracle.keys.provider.client;

import java.io.IOException;
import java.util.List;

import io.paracle.keys.provider.ChatRequest;
import io.paracle.keys.provider.ChatResponse;
import io.paracle.keys.provider.ChatStream;
import io.paracle.keys.resolve.ApiKey;
import io.paracle.keys.resolve.ProviderSettings;
import org.jspecify.annotations.Nullable;

/**
 * Azure OpenAI: the OpenAI body, sent to a deployment of the resource endpoint with the {@code api-key} header
 * and an {@code api-version} query parameter:
 * {@code POST {endpoint}/openai/deployments/{deployment}/chat/completions?api-version=...}. The deployment is
 * the {@code deployment} property, else the model; the body carries no model (the deployment decides).
 *
 * @author paracle-keys
 */
class AzureOpenAiWire extends OpenAiWire {

	/** The first API version that accepts {@code stream_options} (versions are dates, so they compare as text). */
	static final String FIRST_VERSION_WITH_STREAM_USAGE = "2024-09-01";

	private final @Nullable String deployment;

	private final String apiVersion;

	AzureOpenAiWire(LlmProviderContext context) {
		super(context);
		this.deployment = context.deployment();
		String apiVersion = context.apiVersion();
		this.apiVersion = (apiVersion != null) ? apiVersion : ProviderSettings.DEFAULT_AZURE_API_VERSION;
	}

	@Override
	public ChatResponse chat(ChatRequest request, String model, @Nullable ApiKey key, ExchangeAttempt attempt)
			throws IOException {
		String deployment = (this.deployment != null) ? this.deployment : model;
		return post(key, attempt, chatBody(request, null), (parser) -> readAnswer(parser, model, attempt),
				"/openai/deployments/{deployment}/chat/completions?api-version={version}", deployment,
				this.apiVersion);
	}

	/**
	 * Stream as OpenAI does; {@code stream_options.include_usage} is sent from API version {@code 2024-09-01}
	 * on (older versions refuse the field, and stream no usage).
	 */
	@Override
	public ChatStream stream(ChatRequest request, String model, @Nullable ApiKey key, ExchangeAttempt attempt)
			throws IOException {
		String deployment = (this.deployment != null) ? this.deployment : model;
		boolean includeUsage = this.apiVersion.compareTo(FIRST_VERSION_WITH_STREAM_USAGE) >= 0;
		return stream(key, attempt, streamBody(chatBody(request, null), includeUsage), model, new ChunkDecoder(),
				"/openai/deployments/{deployment}/chat/completions?api-version={version}", deployment,
				this.apiVersion);
	}

	@Override
	public List<String> listModels(@Nullable ApiKey key, ExchangeAttempt attempt)
			throws IOException {
		return Json.strings(get(key, attempt, "/openai/models?api-version={version}", this.apiVersion).body()
			.path("data"), "id");
	}

	@Override
	public int verify(@Nullable ApiKey key, ExchangeAttempt attempt)
			throws IOException {
		return get(key, attempt, "/openai/models?api-version={version}", this.apiVersion).status();
	}

}
