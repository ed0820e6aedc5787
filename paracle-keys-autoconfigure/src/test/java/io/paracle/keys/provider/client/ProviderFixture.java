package io.paracle.keys.provider.client;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import io.paracle.keys.catalog.ProviderCatalog;
import io.paracle.keys.metrics.ApiCallTracker;
import io.paracle.keys.provider.HttpClientType;
import io.paracle.keys.provider.LlmProvider;
import io.paracle.keys.resolve.ApiKeyResolver;
import io.paracle.keys.testsupport.FakeProviderServer;
import io.paracle.keys.testsupport.TestEnvironments;
import org.jspecify.annotations.Nullable;

import org.springframework.core.env.StandardEnvironment;
import org.springframework.web.client.RestClient;

/**
 * One provider of the catalog, configured against the fake server: its fake key, the base path that mirrors its
 * real base URL, the header that must carry the key, and its typed class.
 *
 * @param id the catalog id (also the configuration name)
 * @param type the typed class
 * @param basePath the path of the real base URL ({@code /v1}, {@code /openai/v1}, ...)
 * @param key an obvious fake key (the AWS secret access key for Bedrock)
 * @param keyId the AWS access key id for Bedrock, else {@code null}
 * @param keyHeader the header that carries the key ({@code null} for Bedrock: SigV4)
 * @param keyHeaderValue the exact header value
 */
record ProviderFixture(String id, Class<? extends LlmProvider> type, String basePath, String key,
		@Nullable String keyId, @Nullable String keyHeader, @Nullable String keyHeaderValue) {

	static final String BEDROCK_KEY_ID = "AKIATESTKEY00001";

	static final List<ProviderFixture> OPENAI_COMPATIBLE = List.of(
			bearer("openai", OpenAiProvider.class, "/v1", "sk-test-openai-0001"),
			bearer("xai", XaiProvider.class, "/v1", "xai-test-0001"),
			bearer("deepseek", DeepSeekProvider.class, "", "sk-test-deepseek-0001"),
			bearer("groq", GroqProvider.class, "/openai/v1", "gsk_test_0001"),
			bearer("mistral", MistralProvider.class, "/v1", "test-mistral-key-0001"),
			bearer("together", TogetherProvider.class, "/v1", "test-together-key-0001"),
			bearer("perplexity", PerplexityProvider.class, "", "pplx-test-0001"),
			bearer("openrouter", OpenRouterProvider.class, "/api/v1", "sk-or-test-0001"),
			bearer("fireworks", FireworksProvider.class, "/inference/v1", "fw_test_0001"));

	static final ProviderFixture ANTHROPIC = new ProviderFixture(ProviderCatalog.ANTHROPIC, AnthropicProvider.class,
			"", "sk-ant-test-0001", null, "x-api-key", "sk-ant-test-0001");

	static final ProviderFixture GEMINI = new ProviderFixture(ProviderCatalog.GEMINI, GeminiProvider.class, "",
			"AIza-test-gemini-0001", null, "x-goog-api-key", "AIza-test-gemini-0001");

	static final ProviderFixture AZURE_OPENAI = new ProviderFixture(ProviderCatalog.AZURE_OPENAI,
			AzureOpenAiProvider.class, "", "test-azure-key-0001", null, "api-key", "test-azure-key-0001");

	static final ProviderFixture COHERE = bearer("cohere", CohereProvider.class, "", "test-cohere-key-0001");

	static final ProviderFixture BEDROCK = new ProviderFixture(ProviderCatalog.BEDROCK, BedrockProvider.class, "",
			"test-aws-secret-0001", BEDROCK_KEY_ID, null, null);

	static final List<ProviderFixture> ALL;

	/**
	 * The HTTP client of the factories {@link #factory} creates; {@link DirectHttpClientProviderTests} runs the
	 * wire tests again with {@link HttpClientType#DIRECT}.
	 */
	static volatile HttpClientType httpClientType = HttpClientType.REST_CLIENT;

	static {
		List<ProviderFixture> all = new ArrayList<>(OPENAI_COMPATIBLE);
		all.addAll(List.of(ANTHROPIC, GEMINI, AZURE_OPENAI, COHERE, BEDROCK));
		ALL = List.copyOf(all);
	}

	private static ProviderFixture bearer(String id, Class<? extends LlmProvider> type, String basePath,
			String key) {
		return new ProviderFixture(id, type, basePath, key, null, "Authorization", "Bearer " + key);
	}

	static Stream<ProviderFixture> all() {
		return ALL.stream();
	}

	static Stream<ProviderFixture> http() {
		return ALL.stream().filter((fixture) -> fixture.keyHeader() != null);
	}

	static Stream<ProviderFixture> openAiCompatible() {
		return OPENAI_COMPATIBLE.stream();
	}

	/**
	 * Return the configuration properties that point this provider at the fake server, with the given key.
	 */
	List<String> properties(String key) {
		String prefix = "paracle.providers." + this.id + ".";
		String server = FakeProviderServer.baseUrl();
		List<String> properties = new ArrayList<>();
		// wire tests see every answer as it is: no retries (ResilienceTests covers them)
		properties.add(prefix + "max-retries=0");
		switch (this.id) {
			case ProviderCatalog.AZURE_OPENAI -> {
				properties.add(prefix + "api-key=" + key);
				properties.add(prefix + "endpoint=" + server + "/");
			}
			case ProviderCatalog.BEDROCK -> {
				properties.add(prefix + "access-key-id=" + BEDROCK_KEY_ID);
				properties.add(prefix + "secret-access-key=" + key);
				properties.add(prefix + "region=us-east-1");
				properties.add(prefix + "base-url=" + server);
			}
			default -> {
				properties.add(prefix + "api-key=" + key);
				properties.add(prefix + "base-url=" + server + this.basePath);
			}
		}
		return properties;
	}

	/**
	 * Return the path of the chat endpoint for the default model.
	 */
	String chatPath() {
		return switch (this.id) {
			case ProviderCatalog.ANTHROPIC -> "/v1/messages";
			case ProviderCatalog.GEMINI -> "/v1beta/models/gemini-2.0-flash:generateContent";
			case ProviderCatalog.AZURE_OPENAI ->
				"/openai/deployments/gpt-4o-mini/chat/completions?api-version=2023-12-01-preview";
			case "cohere" -> "/v2/chat";
			case ProviderCatalog.BEDROCK -> "/model/anthropic.claude-3-haiku-20240307-v1%3A0/converse";
			default -> this.basePath + "/chat/completions";
		};
	}

	String defaultModel() {
		return ProviderCatalog.get(this.id).defaultModel();
	}

	LlmProvider create(ApiCallTracker tracker, String... extraProperties) {
		return factory(tracker, this.key, extraProperties).create(this.id);
	}

	LlmProviderFactory factory(ApiCallTracker tracker, String key, String... extraProperties) {
		List<String> properties = new ArrayList<>(properties(key));
		properties.addAll(List.of(extraProperties));
		StandardEnvironment environment = TestEnvironments.of(properties.toArray(String[]::new));
		ApiKeyResolver resolver = new ApiKeyResolver(environment, null);
		LlmProviderFactory factory = new LlmProviderFactory(resolver, environment, RestClient::builder, List.of(),
				tracker, getClass().getClassLoader());
		factory.setHttpClientType(httpClientType);
		return factory;
	}

	@Override
	public String toString() {
		return this.id;
	}

}
