package io.paracle.keys.resolve;

import java.time.Duration;
import java.time.LocalDate;

import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * The settings of one provider configuration with every default and fallback applied, resolved once from its
 * {@link ProviderProperties} (and, for the configuration named after the catalog id, the conventional variables
 * such as {@code AZURE_OPENAI_ENDPOINT}). Immutable: the clients, key pools and limiters take these, never the
 * properties.
 *
 * @param baseUrl the base URL without trailing slash: the {@code base-url} property or the catalog's URL; the
 * resource endpoint for Azure OpenAI; the endpoint override (or {@code null}) for Bedrock
 * @param model the model of requests that name none: the {@code model} property, else the catalog default
 * @param timeout the time one HTTP exchange may take: connect, first byte and the whole body
 * @param callTimeout the time one call may take with its retries and failover, or {@code null} for no bound
 * @param connectTimeout the connect timeout of one HTTP call
 * @param maxRetries the retries after a 5xx answer, a connection error or a timeout (0 or more)
 * @param retryBackoff the backoff before the first retry
 * @param cooldown the cool-down of a key after a 429 answer without {@code Retry-After}
 * @param maxCooldown the longest cool-down of a key, whatever the provider asks for
 * @param rejectionProbeInterval the time after which one call may try a rejected key again (zero: never)
 * @param requestsPerMinute the client-side request limit per minute, or {@code null} for none
 * @param maxWait the longest wait for a client-side permit
 * @param tokensPerMinute the token budget per minute, or {@code null} for none
 * @param tokensPerDay the token budget per UTC day, or {@code null} for none
 * @param tokensPerMonth the token budget per UTC month, or {@code null} for none
 * @param keyCreated the date the key was created, or {@code null}
 * @param apiVersion the Azure OpenAI API version, or {@code null} for other providers
 * @param deployment the Azure OpenAI deployment, or {@code null} to use the model
 * @param region the AWS region of Bedrock, or {@code null} to let the AWS SDK find it
 * @param allowPlainHttp whether a plain http:// base URL to another host is accepted
 * @author paracle-keys
 */
public record ProviderSettings(@Nullable String baseUrl, String model, Duration timeout,
		@Nullable Duration callTimeout, Duration connectTimeout,
		int maxRetries, Duration retryBackoff, Duration cooldown, Duration maxCooldown,
		Duration rejectionProbeInterval, @Nullable Integer requestsPerMinute, Duration maxWait,
		@Nullable Long tokensPerMinute, @Nullable Long tokensPerDay, @Nullable Long tokensPerMonth,
		@Nullable LocalDate keyCreated, @Nullable String apiVersion, @Nullable String deployment,
		@Nullable String region, boolean allowPlainHttp) {

	/** Default Azure OpenAI API version, as in the guide. */
	public static final String DEFAULT_AZURE_API_VERSION = "2023-12-01-preview";

	/**
	 * Create settings, checking what every caller relies on.
	 * @param baseUrl the base URL
	 * @param model the default model
	 * @param timeout the read timeout
	 * @param callTimeout the call timeout
	 * @param connectTimeout the connect timeout
	 * @param maxRetries the retries
	 * @param retryBackoff the backoff
	 * @param cooldown the cool-down
	 * @param maxCooldown the longest cool-down
	 * @param rejectionProbeInterval the probe interval of rejected keys
	 * @param requestsPerMinute the request limit
	 * @param maxWait the longest wait
	 * @param tokensPerMinute the token budget per minute
	 * @param tokensPerDay the token budget per day
	 * @param tokensPerMonth the token budget per month
	 * @param keyCreated the key's creation date
	 * @param apiVersion the Azure API version
	 * @param deployment the Azure deployment
	 * @param region the AWS region
	 * @param allowPlainHttp whether plain http:// is accepted
	 */
	public ProviderSettings {
		Assert.hasText(model, "model must not be empty");
		Assert.notNull(timeout, "timeout must not be null");
		Assert.notNull(connectTimeout, "connectTimeout must not be null");
		Assert.notNull(retryBackoff, "retryBackoff must not be null");
		Assert.notNull(cooldown, "cooldown must not be null");
		Assert.notNull(maxCooldown, "maxCooldown must not be null");
		Assert.notNull(rejectionProbeInterval, "rejectionProbeInterval must not be null");
		Assert.notNull(maxWait, "maxWait must not be null");
		maxRetries = Math.max(0, maxRetries);
	}

}
