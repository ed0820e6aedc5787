package io.paracle.keys.provider.client;

import java.time.Duration;
import java.util.function.Supplier;

import io.paracle.keys.catalog.ProviderDescriptor;
import io.paracle.keys.metrics.ApiCallTracker;
import io.paracle.keys.refresh.KeyRefresher;
import io.paracle.keys.resilience.KeyPools;
import io.paracle.keys.resolve.ProviderConfiguration;
import io.paracle.keys.resolve.ProviderKeys;
import io.paracle.keys.resolve.ProviderSettings;
import org.jspecify.annotations.Nullable;

import org.springframework.core.env.PropertyResolver;
import org.springframework.util.ClassUtils;

/**
 * What a typed provider is made of, resolved from one provider configuration by
 * {@link LlmProviderFactory#context(String)}: its name, catalog entry and immutable settings, the source of its
 * current keys, and its HTTP client. Pass it to the constructor of a typed provider to create or subclass one
 * yourself.
 *
 * @author paracle-keys
 */
public final class LlmProviderContext {

	private static final String BEDROCK_CLIENT_CLASS = "software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient";

	private static final String BEDROCK_ASYNC_HTTP_CLIENT_CLASS = "software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient";

	private final ProviderConfiguration configuration;

	private final ProviderDescriptor descriptor;

	private final ProviderSettings settings;

	private final Supplier<ProviderKeys> keys;

	private final @Nullable ProviderHttpClient httpClient;

	private final PropertyResolver environment;

	private final @Nullable ClassLoader classLoader;

	private final Calls calls;

	LlmProviderContext(ProviderConfiguration configuration, Supplier<ProviderKeys> keys,
			@Nullable ProviderHttpClient httpClient, PropertyResolver environment, @Nullable ClassLoader classLoader,
			Calls calls) {
		this.configuration = configuration;
		this.descriptor = configuration.requiredDescriptor();
		this.settings = configuration.requiredSettings();
		this.keys = keys;
		this.httpClient = httpClient;
		this.environment = environment;
		this.classLoader = classLoader;
		this.calls = calls;
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
	 * Return the settings, with every default and fallback applied.
	 * @return the settings
	 */
	public ProviderSettings settings() {
		return this.settings;
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
		return this.settings.model();
	}

	/**
	 * Return the base URL: the {@code base-url} property or the catalog's URL; the resource endpoint for Azure
	 * OpenAI; the endpoint override (or {@code null}) for Bedrock.
	 * @return the base URL
	 */
	public @Nullable String baseUrl() {
		return this.settings.baseUrl();
	}

	/**
	 * Return the connect timeout.
	 * @return the timeout
	 */
	public Duration connectTimeout() {
		return this.settings.connectTimeout();
	}

	/**
	 * Return the read timeout.
	 * @return the timeout
	 */
	public Duration readTimeout() {
		return this.settings.timeout();
	}

	/**
	 * Return the Azure OpenAI API version, or {@code null} for other providers.
	 * @return the API version
	 */
	public @Nullable String apiVersion() {
		return this.settings.apiVersion();
	}

	/**
	 * Return the Azure OpenAI deployment property, or {@code null} to use the model as deployment.
	 * @return the deployment
	 */
	public @Nullable String deployment() {
		return this.settings.deployment();
	}

	/**
	 * Return the AWS region of Bedrock, or {@code null} to let the AWS SDK find it.
	 * @return the region
	 */
	public @Nullable String region() {
		return this.settings.region();
	}

	/**
	 * Return whether this is the configuration named after its catalog id, the one conventional variables apply
	 * to.
	 */
	boolean isDefaultConfiguration() {
		return this.configuration.isDefaultConfiguration();
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

	/**
	 * Create the call pipeline of the provider.
	 * @param requiresKey whether a call needs a key (Bedrock falls back to the AWS default credentials chain)
	 */
	CallPipeline pipeline(boolean requiresKey) {
		ProviderErrors errors = new ProviderErrors(name(), this.descriptor, connectTimeout(), readTimeout(),
				this.calls.keyPools().clock());
		return new CallPipeline(name(), this.descriptor.id(), this.settings, this.keys, requiresKey,
				this.calls.keyPools(), this.calls.tracker(), this.calls.keyRefresher(), errors);
	}

	/**
	 * Return the largest answer read, {@code paracle.http.max-response-size}.
	 */
	long maxResponseBytes() {
		return this.calls.maxResponseBytes();
	}

	@Nullable String property(String name) {
		return this.environment.getProperty(name);
	}

	boolean isBedrockSdkPresent() {
		return ClassUtils.isPresent(BEDROCK_CLIENT_CLASS, this.classLoader);
	}

	/**
	 * Return whether the AWS SDK's asynchronous HTTP client that Bedrock's ConverseStream needs is present.
	 */
	boolean isBedrockAsyncHttpClientPresent() {
		return ClassUtils.isPresent(BEDROCK_ASYNC_HTTP_CLIENT_CLASS, this.classLoader);
	}

	@Override
	public String toString() {
		return "LlmProviderContext[" + name() + " (" + this.descriptor.id() + ") " + baseUrl() + "]";
	}

	/**
	 * What the call pipelines of one factory share: the key pools, the call tracker and the key refresher.
	 *
	 * @param keyPools the run-time key state of every configuration
	 * @param tracker measures calls
	 * @param keyRefresher re-reads keys after a rejection, or {@code null}
	 * @param maxResponseBytes the largest answer read ({@code paracle.http.max-response-size})
	 */
	record Calls(KeyPools keyPools, ApiCallTracker tracker, @Nullable KeyRefresher keyRefresher,
			long maxResponseBytes) {

	}

}
