package io.paracle.keys.provider.client;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

import io.paracle.keys.config.ParacleProperties;
import io.paracle.keys.metrics.ApiCallTracker;
import io.paracle.keys.provider.HttpClientType;
import io.paracle.keys.provider.LlmProvider;
import io.paracle.keys.provider.LlmProviderHttpClientCustomizer;
import io.paracle.keys.provider.LlmProviderRestClientCustomizer;
import io.paracle.keys.provider.ProviderCatalog;
import io.paracle.keys.provider.ProviderDescriptor;
import io.paracle.keys.provider.WireFormat;
import io.paracle.keys.resilience.KeyPoolListener;
import io.paracle.keys.resilience.KeyPools;
import io.paracle.keys.resilience.RoundRobinKeySelectionStrategy;
import io.paracle.keys.resolve.ApiKeyResolver;
import io.paracle.keys.rotation.KeyRefresher;
import io.paracle.keys.resolve.ProviderConfiguration;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.ssl.SslBundle;
import org.springframework.core.env.PropertyResolver;
import org.springframework.util.StringUtils;
import org.springframework.util.function.SingletonSupplier;
import org.springframework.web.client.RestClient;

/**
 * Creates the typed provider of an active provider configuration: resolves its settings (base URL, model,
 * timeouts, Azure endpoint and API version, AWS region), prepares its {@link RestClient} (built on the provider's
 * first call) and wires it to the {@link ApiKeyResolver} and the {@link ApiCallTracker}. The auto-configuration registers one provider bean per
 * active configuration through this factory.
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

	private final ApiCallTracker tracker;

	private final @Nullable ClassLoader classLoader;

	private final HttpRequestFactories requestFactories = new HttpRequestFactories();

	private final KeyPools keyPools;

	private final @Nullable KeyRefresher keyRefresher;

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
		this.tracker = tracker;
		this.classLoader = classLoader;
		this.keyPools = keyPools;
		this.keyRefresher = keyRefresher;
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
		ParacleProperties.Provider properties = configuration.properties();
		boolean conventional = configuration.isDefaultConfiguration();
		String model = StringUtils.hasText(properties.getModel()) ? properties.getModel() : descriptor.defaultModel();
		String baseUrl;
		String apiVersion = null;
		String region = null;
		if (descriptor.wireFormat() == WireFormat.AZURE_OPENAI) {
			baseUrl = first(properties.getEndpoint(), properties.getBaseUrl(),
					conventional ? this.environment.getProperty("AZURE_OPENAI_ENDPOINT") : null);
			if (baseUrl == null) {
				throw new IllegalStateException("Provider '" + name + "' (Azure OpenAI) has no endpoint: set "
						+ "AZURE_OPENAI_ENDPOINT or paracle.providers." + name + ".endpoint");
			}
			apiVersion = first(properties.getApiVersion(),
					conventional ? this.environment.getProperty("AZURE_OPENAI_API_VERSION") : null,
					LlmProviderContext.DEFAULT_AZURE_API_VERSION);
		}
		else if (descriptor.wireFormat() == WireFormat.BEDROCK) {
			baseUrl = first(properties.getBaseUrl());
			region = first(properties.getRegion(),
					conventional ? this.environment.getProperty("AWS_DEFAULT_REGION") : null,
					conventional ? this.environment.getProperty("AWS_REGION") : null);
		}
		else {
			baseUrl = first(properties.getBaseUrl(), descriptor.defaultBaseUrl());
		}
		String url = stripTrailingSlash(baseUrl);
		ProviderHttpClient httpClient = (descriptor.wireFormat() != WireFormat.BEDROCK && url != null)
				? httpClient(name, url, configuration) : null;
		return new LlmProviderContext(configuration, () -> this.resolver.keys(name), model, url, apiVersion, region,
				httpClient, this.tracker, this.environment, this.classLoader, this.keyPools, this.keyRefresher);
	}

	/**
	 * The HTTP client of a provider, built on its first call: Boot's builder, the HTTP client and TLS cost startup
	 * time and heap, for nothing when a configured provider is never called.
	 */
	private ProviderHttpClient httpClient(String name, String baseUrl, ProviderConfiguration configuration) {
		if (this.httpClientType == HttpClientType.DIRECT) {
			return this.requestFactories.direct(name, baseUrl, configuration.properties().getConnectTimeout(),
					configuration.properties().getTimeout(), this.httpClientCustomizers);
		}
		return new RestClientProviderHttpClient(SingletonSupplier.of(() -> restClient(name, baseUrl, configuration)));
	}

	private RestClient restClient(String name, String baseUrl, ProviderConfiguration configuration) {
		RestClient.Builder builder = this.restClientBuilder.get()
			.baseUrl(baseUrl)
			.requestFactory(this.requestFactories.create(configuration.properties().getConnectTimeout(),
					configuration.properties().getTimeout()));
		for (LlmProviderRestClientCustomizer customizer : this.customizers) {
			customizer.customize(name, builder);
		}
		return builder.build();
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

	private static @Nullable String first(@Nullable String... values) {
		for (String value : values) {
			if (StringUtils.hasText(value)) {
				return value.strip();
			}
		}
		return null;
	}

	private static @Nullable String stripTrailingSlash(@Nullable String url) {
		if (url == null) {
			return null;
		}
		String result = url;
		while (result.endsWith("/")) {
			result = result.substring(0, result.length() - 1);
		}
		return result;
	}

	private record ProviderType(Class<? extends LlmProvider> type,
			Function<LlmProviderContext, ? extends LlmProvider> constructor) {

	}

}
