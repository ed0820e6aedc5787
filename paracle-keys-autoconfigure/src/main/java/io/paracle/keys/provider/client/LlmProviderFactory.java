package io.paracle.keys.provider.client;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

import io.paracle.keys.catalog.ProviderCatalog;
import io.paracle.keys.catalog.ProviderDescriptor;
import io.paracle.keys.catalog.WireFormat;
import io.paracle.keys.metrics.ApiCallTracker;
import io.paracle.keys.provider.HttpClientType;
import io.paracle.keys.provider.LlmProvider;
import io.paracle.keys.provider.LlmProviderHttpClientCustomizer;
import io.paracle.keys.provider.LlmProviderRestClientCustomizer;
import io.paracle.keys.refresh.KeyRefresher;
import io.paracle.keys.resilience.KeyPoolListener;
import io.paracle.keys.resilience.KeyPools;
import io.paracle.keys.resilience.RoundRobinKeySelectionStrategy;
import io.paracle.keys.resolve.ApiKeyResolver;
import io.paracle.keys.resolve.ProviderConfiguration;
import io.paracle.keys.resolve.ProviderSettings;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.ssl.SslBundle;
import org.springframework.core.env.PropertyResolver;
import org.springframework.util.Assert;
import org.springframework.util.unit.DataSize;
import org.springframework.util.function.SingletonSupplier;
import org.springframework.web.client.RestClient;

/**
 * Creates the typed provider of an active provider configuration from its resolved {@code ProviderSettings}:
 * prepares its HTTP client (built on the provider's first call) and wires it to the {@link ApiKeyResolver}, the
 * key pools and the {@link ApiCallTracker} through the provider's call pipeline. The auto-configuration registers
 * one provider bean per active configuration through this factory.
 * <p>
 * Each provider's {@link RestClient} is built on the provider's first call from a fresh (or cloned)
 * {@link RestClient.Builder}: the base URL and a request factory with the configured connect and read timeouts are
 * set first, then every {@link LlmProviderRestClientCustomizer} is applied. With
 * {@link #setHttpClientType(HttpClientType) HttpClientType.DIRECT} the providers call Apache HttpClient 5 without
 * {@code RestClient}, customized by every {@link LlmProviderHttpClientCustomizer}.
 *
 * @author paracle-keys
 */
public class LlmProviderFactory implements AutoCloseable {

	/** Default of {@code paracle.http.max-response-size}. */
	public static final DataSize DEFAULT_MAX_RESPONSE_SIZE = DataSize.ofMegabytes(10);

	private static final Map<String, ProviderType> TYPES = Map.ofEntries(
			Map.entry(ProviderCatalog.OPENAI, new ProviderType(OpenAiProvider.class, OpenAiProvider::new)),
			Map.entry(ProviderCatalog.ANTHROPIC, new ProviderType(AnthropicProvider.class, AnthropicProvider::new)),
			Map.entry(ProviderCatalog.GEMINI, new ProviderType(GeminiProvider.class, GeminiProvider::new)),
			Map.entry(ProviderCatalog.AZURE_OPENAI,
					new ProviderType(AzureOpenAiProvider.class, AzureOpenAiProvider::new)),
			Map.entry(ProviderCatalog.BEDROCK, new ProviderType(BedrockProvider.class, BedrockProvider::new)),
			Map.entry("xai", new ProviderType(XaiProvider.class, XaiProvider::new)),
			Map.entry("deepseek", new ProviderType(DeepSeekProvider.class, DeepSeekProvider::new)),
			Map.entry("groq", new ProviderType(GroqProvider.class, GroqProvider::new)),
			Map.entry("mistral", new ProviderType(MistralProvider.class, MistralProvider::new)),
			Map.entry("cohere", new ProviderType(CohereProvider.class, CohereProvider::new)),
			Map.entry("together", new ProviderType(TogetherProvider.class, TogetherProvider::new)),
			Map.entry("perplexity", new ProviderType(PerplexityProvider.class, PerplexityProvider::new)),
			Map.entry("openrouter", new ProviderType(OpenRouterProvider.class, OpenRouterProvider::new)),
			Map.entry("fireworks", new ProviderType(FireworksProvider.class, FireworksProvider::new)));

	private final ApiKeyResolver resolver;

	private final PropertyResolver environment;

	private final Supplier<RestClient.Builder> restClientBuilder;

	private final List<LlmProviderRestClientCustomizer> customizers;

	private final @Nullable ClassLoader classLoader;

	private final HttpRequestFactories requestFactories = new HttpRequestFactories();

	private LlmProviderContext.Calls calls;

	private HttpClientType httpClientType = HttpClientType.REST_CLIENT;

	private List<LlmProviderHttpClientCustomizer> httpClientCustomizers = List.of();

	/**
	 * Create a factory.
	 * @param resolver the key resolver
	 * @param environment the environment, for {@code AZURE_OPENAI_ENDPOINT}, {@code AZURE_OPENAI_API_VERSION},
	 * {@code AWS_DEFAULT_REGION}, {@code AWS_REGION} and {@code AWS_SESSION_TOKEN}
	 * @param restClientBuilder supplies a new builder for each provider (clone a shared one)
	 * @param customizers the customizers, in order
	 * @param tracker the call tracker
	 * @param classLoader the class loader to look for optional libraries (the AWS SDK) with
	 */
	public LlmProviderFactory(ApiKeyResolver resolver, PropertyResolver environment,
			Supplier<RestClient.Builder> restClientBuilder, List<LlmProviderRestClientCustomizer> customizers,
			ApiCallTracker tracker, @Nullable ClassLoader classLoader) {
		this(resolver, environment, restClientBuilder, customizers, tracker, classLoader,
				new KeyPools(resolver, new RoundRobinKeySelectionStrategy(), KeyPoolListener.NONE), null);
	}

	/**
	 * Create a factory with key pools and a key refresher.
	 * @param resolver the key resolver
	 * @param environment the environment, for conventional variables such as AZURE_OPENAI_ENDPOINT
	 * @param restClientBuilder supplies a fresh RestClient builder per provider
	 * @param customizers customizers applied to each provider's RestClient builder
	 * @param tracker measures calls
	 * @param classLoader the class loader to look for optional libraries in
	 * @param keyPools key pools, rate limiters and last calls of every provider
	 * @param keyRefresher re-reads keys after a provider refused one, or {@code null}
	 */
	public LlmProviderFactory(ApiKeyResolver resolver, PropertyResolver environment,
			Supplier<RestClient.Builder> restClientBuilder, List<LlmProviderRestClientCustomizer> customizers,
			ApiCallTracker tracker, @Nullable ClassLoader classLoader, KeyPools keyPools,
			@Nullable KeyRefresher keyRefresher) {
		this.resolver = resolver;
		this.environment = environment;
		this.restClientBuilder = restClientBuilder;
		this.customizers = List.copyOf(customizers);
		this.classLoader = classLoader;
		this.calls = new LlmProviderContext.Calls(keyPools, tracker, keyRefresher, DEFAULT_MAX_RESPONSE_SIZE.toBytes());
	}

	/**
	 * Set the HTTP client of the providers created from now on: a {@link RestClient} (the default of a factory
	 * created with its constructor) or Apache HttpClient 5 called directly. The auto-configuration sets
	 * {@code paracle.http.client}, which is {@link HttpClientType#DIRECT} when unset and Apache HttpClient 5 is
	 * present.
	 * @param httpClientType the client
	 */
	public void setHttpClientType(HttpClientType httpClientType) {
		this.httpClientType = httpClientType;
	}

	/**
	 * Set the customizers of the Apache HttpClient 5 builder, applied when the client is
	 * {@link HttpClientType#DIRECT}.
	 * @param httpClientCustomizers the customizers, in order
	 */
	public void setHttpClientCustomizers(List<LlmProviderHttpClientCustomizer> httpClientCustomizers) {
		this.httpClientCustomizers = List.copyOf(httpClientCustomizers);
	}

	/**
	 * Set the largest answer the providers created from now on read ({@code paracle.http.max-response-size}); a
	 * larger one fails with {@code InvalidResponseException}.
	 * @param maxResponseSize the size
	 */
	public void setMaxResponseSize(DataSize maxResponseSize) {
		Assert.isTrue(maxResponseSize.toBytes() > 0, "maxResponseSize must be positive");
		this.calls = new LlmProviderContext.Calls(this.calls.keyPools(), this.calls.tracker(),
				this.calls.keyRefresher(), maxResponseSize.toBytes());
	}

	/**
	 * Set the SSL bundle of the providers' HTTPS connections ({@code paracle.http.ssl-bundle}), for both HTTP
	 * clients; by default the JVM's trust store is used. Applies to the HTTP clients built from now on (each on
	 * its provider's first call).
	 * @param sslBundle the bundle, or {@code null} for the JVM's defaults
	 */
	public void setSslBundle(@Nullable SslBundle sslBundle) {
		this.requestFactories.setSslBundle(sslBundle);
	}

	/**
	 * Return the typed provider class of a catalog id ({@code openai} &rarr; {@link OpenAiProvider}).
	 * @param catalogId the catalog id
	 * @return the class
	 * @throws IllegalArgumentException for an unknown id
	 */
	public static Class<? extends LlmProvider> providerClass(String catalogId) {
		return type(catalogId).type();
	}

	/**
	 * Create the provider of an active configuration.
	 * @param name the configuration name
	 * @return the provider, an instance of the {@link #providerClass(String) typed class} of its type
	 * @throws IllegalArgumentException when no active configuration has that name
	 */
	public LlmProvider create(String name) {
		LlmProviderContext context = context(name);
		return type(context.descriptor().id()).constructor().apply(context);
	}

	/**
	 * Create the provider of an active configuration as its typed class.
	 * @param <T> the typed class
	 * @param name the configuration name
	 * @param type the typed class
	 * @return the provider
	 * @throws IllegalArgumentException when no active configuration has that name or it is of another type
	 */
	public <T extends LlmProvider> T create(String name, Class<T> type) {
		LlmProvider provider = create(name);
		if (!type.isInstance(provider)) {
			throw new IllegalArgumentException("Provider configuration '" + name + "' is of type '"
					+ provider.type() + "' (" + provider.getClass().getSimpleName() + "), not " + type.getSimpleName());
		}
		return type.cast(provider);
	}

	/**
	 * Resolve the context of an active configuration, to create a typed provider (or a subclass) yourself.
	 * @param name the configuration name
	 * @return the context
	 * @throws IllegalArgumentException when no active configuration has that name
	 */
	public LlmProviderContext context(String name) {
		ProviderConfiguration configuration = this.resolver.configurations().get(name);
		if (configuration == null) {
			throw new IllegalArgumentException("No active provider configuration named '" + name + "'; active: "
					+ this.resolver.configurations().keySet());
		}
		ProviderDescriptor descriptor = configuration.requiredDescriptor();
		ProviderSettings settings = configuration.requiredSettings();
		if (descriptor.wireFormat() == WireFormat.AZURE_OPENAI) {
			Assert.state(settings.baseUrl() != null, () -> "Provider '" + name + "' (Azure OpenAI) has no endpoint: "
					+ "set AZURE_OPENAI_ENDPOINT or paracle.providers." + name + ".endpoint");
		}
		String baseUrl = settings.baseUrl();
		ProviderHttpClient httpClient = (descriptor.wireFormat() != WireFormat.BEDROCK && baseUrl != null)
				? httpClient(name, baseUrl, settings) : null;
		return new LlmProviderContext(configuration, () -> this.resolver.keys(name), httpClient, this.environment,
				this.classLoader, this.calls);
	}

	/**
	 * The HTTP client of a provider, built on its first call: Boot's builder, the HTTP client and TLS cost startup
	 * time and heap, for nothing when a configured provider is never called.
	 */
	private ProviderHttpClient httpClient(String name, String baseUrl, ProviderSettings settings) {
		if (this.httpClientType == HttpClientType.DIRECT) {
			return this.requestFactories.direct(name, baseUrl, settings.connectTimeout(),
					settings.timeout(), this.httpClientCustomizers);
		}
		return new RestClientProviderHttpClient(SingletonSupplier.of(() -> restClient(name, baseUrl, settings)));
	}

	private RestClient restClient(String name, String baseUrl, ProviderSettings settings) {
		RestClient.Builder builder = this.restClientBuilder.get()
			.baseUrl(baseUrl)
			.requestFactory(this.requestFactories.create(settings.connectTimeout(),
					settings.timeout()));
		for (LlmProviderRestClientCustomizer customizer : this.customizers) {
			customizer.customize(name, builder);
		}
		return builder.build();
	}

	/**
	 * The Apache HttpClient 5 client of a provider configuration for the given timeouts: the one its direct
	 * client uses ({@link ProviderApacheHttpClients}).
	 */
	Object apacheHttpClient(String name, Duration connectTimeout, Duration readTimeout) {
		return this.requestFactories.apacheClient(name, connectTimeout, readTimeout, this.httpClientCustomizers);
	}

	/**
	 * Release the HTTP threads shared by the providers of this factory.
	 */
	@Override
	public void close() {
		this.requestFactories.close();
	}

	private static ProviderType type(String catalogId) {
		ProviderType type = TYPES.get(catalogId);
		if (type == null) {
			throw new IllegalArgumentException(
					"Unknown provider type '" + catalogId + "'; known types: " + ProviderCatalog.ids());
		}
		return type;
	}

	private record ProviderType(Class<? extends LlmProvider> type,
			Function<LlmProviderContext, ? extends LlmProvider> constructor) {

	}

}
