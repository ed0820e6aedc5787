package io.paracle.keys.resolve;

import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.annotation.JsonSerialize;

/**
 * Properties of one provider configuration, {@code paracle.providers.<name>.*}: where its keys come from and how
 * its calls are made. Bound by Boot into {@code ParacleProperties} and, on each re-read of the key sources, by
 * the resolver itself; resolution turns them into immutable {@link ProviderSettings}.
 *
 * @author paracle-keys
 */
public class ProviderProperties {

	/**
	 * Catalog id of the provider this configuration talks to. Defaults to the configuration name when that
	 * name is a catalog id.
	 */
	private @Nullable String type;

	/**
	 * Whether this provider is on. Unset: on when a key is found. True: a missing key fails startup. False:
	 * off even when a key exists.
	 */
	private @Nullable Boolean enabled;

	/**
	 * API key. Prefer a reference such as ${OPENAI_API_KEY} or a secret store to a literal value.
	 */
	private @Nullable String apiKey;

	/**
	 * Several API keys, used in turn.
	 */
	private List<String> apiKeys = new ArrayList<>();

	/**
	 * File that holds the API key (for example a Docker secret); one trailing newline is ignored.
	 */
	private @Nullable String apiKeyFile;

	/**
	 * Base URL of the provider API. Defaults to the catalog's URL for the provider.
	 */
	private @Nullable String baseUrl;

	/**
	 * Whether a plain http:// base URL to another host is accepted without a WARN (and despite a restrictive
	 * paracle.keys.allowed-sources): for a connection encrypted by other means, such as a sidecar.
	 */
	private boolean allowPlainHttp;

	/**
	 * Default model for requests that name none.
	 */
	private @Nullable String model;

	/**
	 * Read timeout of one HTTP call.
	 */
	private Duration timeout = Duration.ofSeconds(60);

	/**
	 * Longest time of one call, its retries and key failover included; unset for no bound beyond the attempts'
	 * own timeouts.
	 */
	private @Nullable Duration callTimeout;

	/**
	 * Connect timeout of one HTTP call.
	 */
	private Duration connectTimeout = Duration.ofSeconds(10);

	/**
	 * Retries of a call after a 5xx answer, a connection error or a timeout, with exponential backoff and
	 * jitter. Never after 400, 404 or 422.
	 */
	private int maxRetries = 2;

	/**
	 * Backoff before the first retry; doubled for each further retry, with jitter.
	 */
	private Duration retryBackoff = Duration.ofMillis(500);

	/**
	 * Cool-down of a key after a 429 answer without Retry-After.
	 */
	private Duration cooldown = Duration.ofSeconds(30);

	/**
	 * Longest cool-down of a key, whatever the provider asks for (Retry-After, rate-limit reset headers).
	 */
	private Duration maxCooldown = Duration.ofMinutes(10);

	/**
	 * Time after which one call may try a rejected key again (a key refused by mistake, or fixed at the
	 * provider, comes back without a restart); 0 switches probes off.
	 */
	private Duration rejectionProbeInterval = Duration.ofMinutes(10);

	/**
	 * Client-side request limit of this configuration, shared by all its keys.
	 */
	private final RateLimit rateLimit = new RateLimit();

	/**
	 * Token budgets of this configuration, counted from each answer's usage.
	 */
	private final Budget budget = new Budget();

	/**
	 * Date the key was created, for keys from the environment; used for the key age policy.
	 */
	private @Nullable LocalDate keyCreated;

	/**
	 * Azure OpenAI resource endpoint, e.g. https://my-resource.openai.azure.com/. Defaults to
	 * AZURE_OPENAI_ENDPOINT.
	 */
	private @Nullable String endpoint;

	/**
	 * Azure OpenAI API version. Defaults to AZURE_OPENAI_API_VERSION, then 2023-12-01-preview.
	 */
	private @Nullable String apiVersion;

	/**
	 * Azure OpenAI deployment name. Defaults to the model.
	 */
	private @Nullable String deployment;

	/**
	 * AWS region of Bedrock. Defaults to AWS_DEFAULT_REGION, then AWS_REGION.
	 */
	private @Nullable String region;

	/**
	 * AWS access key id for Bedrock. Defaults to AWS_ACCESS_KEY_ID, then the AWS default credentials chain.
	 */
	private @Nullable String accessKeyId;

	/**
	 * AWS secret access key for Bedrock. Defaults to AWS_SECRET_ACCESS_KEY.
	 */
	private @Nullable String secretAccessKey;

	public @Nullable String getType() {
		return this.type;
	}

	public void setType(@Nullable String type) {
		this.type = type;
	}

	public @Nullable Boolean getEnabled() {
		return this.enabled;
	}

	public void setEnabled(@Nullable Boolean enabled) {
		this.enabled = enabled;
	}

	@JsonSerialize(using = KeyMaskingSerializer.class)
	public @Nullable String getApiKey() {
		return this.apiKey;
	}

	public void setApiKey(@Nullable String apiKey) {
		this.apiKey = apiKey;
	}

	@JsonSerialize(contentUsing = KeyMaskingSerializer.class)
	public List<String> getApiKeys() {
		return this.apiKeys;
	}

	public void setApiKeys(List<String> apiKeys) {
		this.apiKeys = apiKeys;
	}

	public @Nullable String getApiKeyFile() {
		return this.apiKeyFile;
	}

	public void setApiKeyFile(@Nullable String apiKeyFile) {
		this.apiKeyFile = apiKeyFile;
	}

	public @Nullable String getBaseUrl() {
		return this.baseUrl;
	}

	public void setBaseUrl(@Nullable String baseUrl) {
		this.baseUrl = baseUrl;
	}

	public boolean isAllowPlainHttp() {
		return this.allowPlainHttp;
	}

	public void setAllowPlainHttp(boolean allowPlainHttp) {
		this.allowPlainHttp = allowPlainHttp;
	}

	public @Nullable String getModel() {
		return this.model;
	}

	public void setModel(@Nullable String model) {
		this.model = model;
	}

	public Duration getTimeout() {
		return this.timeout;
	}

	public void setTimeout(Duration timeout) {
		this.timeout = timeout;
	}

	public @Nullable Duration getCallTimeout() {
		return this.callTimeout;
	}

	public void setCallTimeout(@Nullable Duration callTimeout) {
		this.callTimeout = callTimeout;
	}

	public Duration getConnectTimeout() {
		return this.connectTimeout;
	}

	public void setConnectTimeout(Duration connectTimeout) {
		this.connectTimeout = connectTimeout;
	}

	public int getMaxRetries() {
		return this.maxRetries;
	}

	public void setMaxRetries(int maxRetries) {
		this.maxRetries = maxRetries;
	}

	public Duration getRetryBackoff() {
		return this.retryBackoff;
	}

	public void setRetryBackoff(Duration retryBackoff) {
		this.retryBackoff = retryBackoff;
	}

	public Duration getCooldown() {
		return this.cooldown;
	}

	public void setCooldown(Duration cooldown) {
		this.cooldown = cooldown;
	}

	public Duration getMaxCooldown() {
		return this.maxCooldown;
	}

	public void setMaxCooldown(Duration maxCooldown) {
		this.maxCooldown = maxCooldown;
	}

	public Duration getRejectionProbeInterval() {
		return this.rejectionProbeInterval;
	}

	public void setRejectionProbeInterval(Duration rejectionProbeInterval) {
		this.rejectionProbeInterval = rejectionProbeInterval;
	}

	public RateLimit getRateLimit() {
		return this.rateLimit;
	}

	public Budget getBudget() {
		return this.budget;
	}

	public @Nullable LocalDate getKeyCreated() {
		return this.keyCreated;
	}

	public void setKeyCreated(@Nullable LocalDate keyCreated) {
		this.keyCreated = keyCreated;
	}

	public @Nullable String getEndpoint() {
		return this.endpoint;
	}

	public void setEndpoint(@Nullable String endpoint) {
		this.endpoint = endpoint;
	}

	public @Nullable String getApiVersion() {
		return this.apiVersion;
	}

	public void setApiVersion(@Nullable String apiVersion) {
		this.apiVersion = apiVersion;
	}

	public @Nullable String getDeployment() {
		return this.deployment;
	}

	public void setDeployment(@Nullable String deployment) {
		this.deployment = deployment;
	}

	public @Nullable String getRegion() {
		return this.region;
	}

	public void setRegion(@Nullable String region) {
		this.region = region;
	}

	public @Nullable String getAccessKeyId() {
		return this.accessKeyId;
	}

	public void setAccessKeyId(@Nullable String accessKeyId) {
		this.accessKeyId = accessKeyId;
	}

	@JsonSerialize(using = KeyMaskingSerializer.class)
	public @Nullable String getSecretAccessKey() {
		return this.secretAccessKey;
	}

	public void setSecretAccessKey(@Nullable String secretAccessKey) {
		this.secretAccessKey = secretAccessKey;
	}

	/**
	 * Client-side request limit of one provider configuration, shared by all its keys.
	 */
	public static class RateLimit {

		/**
		 * Requests per one-minute window; unset for no client-side limit.
		 */
		private @Nullable Integer requestsPerMinute;

		/**
		 * Longest time a call waits for a permit; when none can be had within it, the call fails at once with
		 * RateLimitExceededException.
		 */
		private Duration maxWait = Duration.ofSeconds(5);

		/**
		 * Tokens (input plus output, from each answer's usage) per one-minute UTC window; once they are used,
		 * calls fail fast with BudgetExceededException until the next minute. Unset for no limit.
		 */
		private @Nullable Long tokensPerMinute;

		public @Nullable Long getTokensPerMinute() {
			return this.tokensPerMinute;
		}

		public void setTokensPerMinute(@Nullable Long tokensPerMinute) {
			this.tokensPerMinute = tokensPerMinute;
		}

		public @Nullable Integer getRequestsPerMinute() {
			return this.requestsPerMinute;
		}

		public void setRequestsPerMinute(@Nullable Integer requestsPerMinute) {
			this.requestsPerMinute = requestsPerMinute;
		}

		public Duration getMaxWait() {
			return this.maxWait;
		}

		public void setMaxWait(Duration maxWait) {
			this.maxWait = maxWait;
		}

	}

	/**
	 * Token budgets of one provider configuration, shared by all its keys (and by all replicas with
	 * paracle.shared-state.store=redis).
	 */
	public static class Budget {

		/**
		 * Tokens (input plus output, from each answer's usage) per UTC day; once they are used, calls fail fast
		 * with BudgetExceededException until the next day. Unset for no budget.
		 */
		private @Nullable Long tokensPerDay;

		/**
		 * Tokens (input plus output, from each answer's usage) per UTC calendar month; once they are used, calls
		 * fail fast with BudgetExceededException until the next month. Unset for no budget.
		 */
		private @Nullable Long tokensPerMonth;

		public @Nullable Long getTokensPerDay() {
			return this.tokensPerDay;
		}

		public void setTokensPerDay(@Nullable Long tokensPerDay) {
			this.tokensPerDay = tokensPerDay;
		}

		public @Nullable Long getTokensPerMonth() {
			return this.tokensPerMonth;
		}

		public void setTokensPerMonth(@Nullable Long tokensPerMonth) {
			this.tokensPerMonth = tokensPerMonth;
		}

	}

}
