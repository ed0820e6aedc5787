package io.paracle.keys.provider.client;

import java.time.Duration;
import java.util.function.Supplier;

import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.paracle.keys.metrics.ApiCallTracker;
import io.paracle.keys.provider.ProviderUnavailableException;
import io.paracle.keys.resilience.KeyPool;
import io.paracle.keys.resilience.KeyPools;
import io.paracle.keys.rotation.KeyRefresher;
import io.paracle.keys.catalog.ProviderDescriptor;
import io.paracle.keys.resolve.ProviderConfiguration;
import io.paracle.keys.resolve.ProviderKeys;
import org.jspecify.annotations.Nullable;

import org.springframework.core.env.PropertyResolver;
import org.springframework.util.ClassUtils;
import org.springframework.util.function.SingletonSupplier;

/**
 * Everything a provider client needs, resolved from one provider configuration by
 * {@link LlmProviderFactory#context(String)}: the catalog entry, the settings with their defaults applied, the
 * source of the current keys, the HTTP client and the call tracker. Pass it to the constructor of a typed
 * provider to create or subclass one yourself.
 *
 * @author paracle-keys
 */
public final class LlmProviderContext {

	/** Default Azure OpenAI API version, as in the guide. */
	static final String DEFAULT_AZURE_API_VERSION = "2023-12-01-preview";

	private static final String BEDROCK_CLIENT_CLASS = "software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient";

	private final ProviderConfiguration configuration;

	private final ProviderDescriptor descriptor;

	private final Supplier<ProviderKeys> keys;

	private final String defaultModel;

	private final @Nullable String baseUrl;

	private final @Nullable String apiVersion;

	private final @Nullable String region;

	private final @Nullable ProviderHttpClient httpClient;

	private final ApiCallTracker tracker;

	private final PropertyResolver environment;

	private final @Nullable ClassLoader classLoader;

	private final ProviderErrors errors;

	private final KeyPools keyPools;

	private final KeyPool keyPool;

	private final @Nullable KeyRefresher keyRefresher;

	private final SingletonSupplier<Retry> retry;

	LlmProviderContext(ProviderConfiguration configuration, Supplier<ProviderKeys> keys, String defaultModel,
			@Nullable String baseUrl, @Nullable String apiVersion, @Nullable String region,
			@Nullable ProviderHttpClient httpClient, ApiCallTracker tracker, PropertyResolver environment,
			@Nullable ClassLoader classLoader, KeyPools keyPools, @Nullable KeyRefresher keyRefresher) {
		this.configuration = configuration;
		this.descriptor = configuration.requiredDescriptor();
		this.keys = keys;
		this.defaultModel = defaultModel;
		this.baseUrl = baseUrl;
		this.apiVersion = apiVersion;
		this.region = region;
		this.httpClient = httpClient;
		this.tracker = tracker;
		this.environment = environment;
		this.classLoader = classLoader;
		this.errors = new ProviderErrors(configuration.name(), this.descriptor, connectTimeout(), readTimeout(),
				keyPools.clock());
		this.keyPools = keyPools;
		this.keyPool = keyPools.pool(configuration.name());
		this.keyRefresher = keyRefresher;
		// created on the first call, with resilience4j's classes
		this.retry = SingletonSupplier.of(() -> retry(configuration));
	}

	private static Retry retry(ProviderConfiguration configuration) {
		int maxRetries = Math.max(0, configuration.properties().getMaxRetries());
		RetryConfig config = RetryConfig.custom()
			.maxAttempts(maxRetries + 1)
			.intervalFunction(IntervalFunction.ofExponentialRandomBackoff(
					configuration.properties().getRetryBackoff(), 2.0, 0.5))
			.retryExceptions(ProviderUnavailableException.class)
			.build();
		return Retry.of("paracle-" + configuration.name(), config);
	}

	/**
	 * Return the configuration name.
	 * @return the name
	 */
	public String name() {
		return this.configuration.name();
	}

	/**
	 * Return the catalog entry.
	 * @return the descriptor
	 */
	public ProviderDescriptor descriptor() {
		return this.descriptor;
	}

	/**
	 * Return the provider configuration as resolved at startup.
	 * @return the configuration
	 */
	public ProviderConfiguration configuration() {
		return this.configuration;
	}

	/**
	 * Return the current keys, read from the resolver now.
	 * @return the keys
	 */
	public ProviderKeys keys() {
		return this.keys.get();
	}

	/**
	 * Return the model of requests that name none: the {@code model} property, else the catalog default.
	 * @return the model
	 */
	public String defaultModel() {
		return this.defaultModel;
	}

	/**
	 * Return the base URL: the {@code base-url} property or the catalog's URL; the resource endpoint for Azure
	 * OpenAI; the endpoint override (or {@code null}) for Bedrock.
	 * @return the base URL
	 */
	public @Nullable String baseUrl() {
		return this.baseUrl;
	}

	/**
	 * Return the connect timeout.
	 * @return the timeout
	 */
	public Duration connectTimeout() {
		return this.configuration.properties().getConnectTimeout();
	}

	/**
	 * Return the read timeout.
	 * @return the timeout
	 */
	public Duration readTimeout() {
		return this.configuration.properties().getTimeout();
	}

	/**
	 * Return the Azure OpenAI API version (the {@code api-version} property, {@code AZURE_OPENAI_API_VERSION},
	 * then {@value #DEFAULT_AZURE_API_VERSION}), or {@code null} for other providers.
	 * @return the API version
	 */
	public @Nullable String apiVersion() {
		return this.apiVersion;
	}

	/**
	 * Return the Azure OpenAI deployment property, or {@code null} to use the model as deployment.
	 * @return the deployment
	 */
	public @Nullable String deployment() {
		return this.configuration.properties().getDeployment();
	}

	/**
	 * Return the AWS region of Bedrock (the {@code region} property, {@code AWS_DEFAULT_REGION}, then
	 * {@code AWS_REGION}), or {@code null} to let the AWS SDK find it.
	 * @return the region
	 */
	public @Nullable String region() {
		return this.region;
	}

	/**
	 * Return the call tracker.
	 * @return the tracker
	 */
	public ApiCallTracker tracker() {
		return this.tracker;
	}

	/**
	 * Return the HTTP client of this provider (its {@code RestClient} or Apache HttpClient 5 itself, built on the
	 * first call).
	 */
	ProviderHttpClient httpClient() {
		if (this.httpClient == null) {
			throw new IllegalStateException("Provider '" + name() + "' has no HTTP client");
		}
		return this.httpClient;
	}

	ProviderErrors errors() {
		return this.errors;
	}

	/**
	 * Return the key pool of this provider configuration.
	 * @return the pool
	 */
	public KeyPool keyPool() {
		return this.keyPool;
	}

	/**
	 * Return the run-time state of every provider configuration.
	 * @return the pools
	 */
	public KeyPools keyPools() {
		return this.keyPools;
	}

	@Nullable KeyRefresher keyRefresher() {
		return this.keyRefresher;
	}

	Retry retry() {
		return this.retry.obtain();
	}

	@Nullable String property(String name) {
		return this.environment.getProperty(name);
	}

	boolean isBedrockSdkPresent() {
		return ClassUtils.isPresent(BEDROCK_CLIENT_CLASS, this.classLoader);
	}

	@Override
	public String toString() {
		return "LlmProviderContext[" + name() + " (" + this.descriptor.id() + ") " + this.baseUrl + "]";
	}

}
