package io.paracle.keys.config;

import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.paracle.keys.provider.HttpClientType;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.annotation.JsonSerialize;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration properties of paracle-keys: the provider configurations ({@code paracle.providers.<name>.*})
 * and how keys are found ({@code paracle.keys.*}).
 *
 * @author paracle-keys
 */
@ConfigurationProperties("paracle")
public class ParacleProperties {

	/**
	 * Provider configurations by name. The name is a catalog id (openai, anthropic, ...) or a free name whose
	 * 'type' names the catalog entry.
	 */
	private final Map<String, Provider> providers = new LinkedHashMap<>();

	private final Keys keys = new Keys();

	private final Health health = new Health();

	private final Secrets secrets = new Secrets();

	private final Http http = new Http();

	public Map<String, Provider> getProviders() {
		return this.providers;
	}

	public Keys getKeys() {
		return this.keys;
	}

	public Health getHealth() {
		return this.health;
	}

	public Secrets getSecrets() {
		return this.secrets;
	}

	public Http getHttp() {
		return this.http;
	}

	/**
	 * One provider configuration.
	 */
	public static class Provider {

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
		 * Default model for requests that name none.
		 */
		private @Nullable String model;

		/**
		 * Read timeout of one HTTP call.
		 */
		private Duration timeout = Duration.ofSeconds(60);

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

		private final RateLimit rateLimit = new RateLimit();

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

		public RateLimit getRateLimit() {
			return this.rateLimit;
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
	 * How keys are found and checked.
	 */
	public static class Keys {

		private final Dotenv dotenv = new Dotenv();

		private final Rotation rotation = new Rotation();

		private final Redaction redaction = new Redaction();

		/**
		 * Sources a key may come from; empty allows every source. Values: vault, aws, azure, secret-store,
		 * kubernetes, docker, configtree, file, env, system-properties, dotenv, command-line, config.
		 */
		private List<String> allowedSources = new ArrayList<>();

		public List<String> getAllowedSources() {
			return this.allowedSources;
		}

		public void setAllowedSources(List<String> allowedSources) {
			this.allowedSources = allowedSources;
		}

		public Dotenv getDotenv() {
			return this.dotenv;
		}

		public Rotation getRotation() {
			return this.rotation;
		}

		public Redaction getRedaction() {
			return this.redaction;
		}

	}

	/**
	 * Key age policy.
	 */
	public static class Rotation {

		/**
		 * Age after which a key is due for rotation: health shows rotationDue and a WARN is logged once a day.
		 */
		private Duration maxAge = Duration.ofDays(90);

		public Duration getMaxAge() {
			return this.maxAge;
		}

		public void setMaxAge(Duration maxAge) {
			this.maxAge = maxAge;
		}

	}

	/**
	 * The HTTP client under the providers' calls.
	 */
	public static class Http {

		/**
		 * Client that sends the providers' HTTP calls: direct (Apache HttpClient 5 called without RestClient:
		 * about 12 KB and 1.0-1.1 times a hand-written call; customized with LlmProviderHttpClientCustomizer
		 * beans) or rest-client (a Spring RestClient per provider, from Boot's RestClient.Builder, with
		 * LlmProviderRestClientCustomizer beans and the http.client.requests observation). Unset: direct when
		 * Apache HttpClient 5 is on the class path (the starter brings it) and no LlmProviderRestClientCustomizer
		 * bean exists, else rest-client.
		 */
		private @Nullable HttpClientType client;

		/**
		 * Name of a Spring Boot SSL bundle (spring.ssl.bundle.jks.<name> or spring.ssl.bundle.pem.<name>) whose
		 * trust material, key material (mutual TLS), protocols and ciphers the providers' HTTPS connections use,
		 * with either client. Unset: the JVM's default trust store.
		 */
		private @Nullable String sslBundle;

		public @Nullable HttpClientType getClient() {
			return this.client;
		}

		public void setClient(@Nullable HttpClientType client) {
			this.client = client;
		}

		public @Nullable String getSslBundle() {
			return this.sslBundle;
		}

		public void setSslBundle(@Nullable String sslBundle) {
			this.sslBundle = sslBundle;
		}

	}

	/**
	 * Redaction of keys from log output.
	 */
	public static class Redaction {

		/**
		 * Whether to replace every resolved key, and every string shaped like a provider key, with its
		 * fingerprint in Logback output (all appenders, every level).
		 */
		private boolean enabled = true;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

	}

	/**
	 * Health contribution.
	 */
	public static class Health {

		/**
		 * Whether health checks call each provider with its key (a cheap authenticated call) to verify it.
		 */
		private boolean verifyKeys = false;

		/**
		 * Minimum time between two live verifications of a provider's key; results are cached in between.
		 */
		private Duration verifyInterval = Duration.ofMinutes(10);

		public boolean isVerifyKeys() {
			return this.verifyKeys;
		}

		public void setVerifyKeys(boolean verifyKeys) {
			this.verifyKeys = verifyKeys;
		}

		public Duration getVerifyInterval() {
			return this.verifyInterval;
		}

		public void setVerifyInterval(Duration verifyInterval) {
			this.verifyInterval = verifyInterval;
		}

	}

	/**
	 * Loading of a .env file for local development.
	 */
	public static class Dotenv {

		/**
		 * Whether to load a .env file from the working directory, below the real environment.
		 */
		private boolean enabled = true;

		/**
		 * Path of the .env file.
		 */
		private String path = ".env";

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public String getPath() {
			return this.path;
		}

		public void setPath(String path) {
			this.path = path;
		}

	}

	/**
	 * Secret store holding the keys, and how often keys are re-read.
	 */
	public static class Secrets {

		/**
		 * Store the keys come from: env (environment, *_FILE, .env, configtree), vault, aws or azure. The starter
		 * imports the chosen store and switches the other stores' libraries off.
		 */
		private Backend backend = Backend.ENV;

		/**
		 * Time between two scheduled re-reads of every key source.
		 */
		private Duration refreshInterval = Duration.ofMinutes(5);

		/**
		 * Minimum time between two re-reads caused by a provider refusing a key (401/403).
		 */
		private Duration minRefreshInterval = Duration.ofSeconds(30);

		private final Vault vault = new Vault();

		private final Aws aws = new Aws();

		private final Azure azure = new Azure();

		public Backend getBackend() {
			return this.backend;
		}

		public void setBackend(Backend backend) {
			this.backend = backend;
		}

		public Duration getRefreshInterval() {
			return this.refreshInterval;
		}

		public void setRefreshInterval(Duration refreshInterval) {
			this.refreshInterval = refreshInterval;
		}

		public Duration getMinRefreshInterval() {
			return this.minRefreshInterval;
		}

		public void setMinRefreshInterval(Duration minRefreshInterval) {
			this.minRefreshInterval = minRefreshInterval;
		}

		public Vault getVault() {
			return this.vault;
		}

		public Aws getAws() {
			return this.aws;
		}

		public Azure getAzure() {
			return this.azure;
		}

		/**
		 * Secret stores.
		 */
		public enum Backend {

			/** Environment variables, *_FILE, .env and configtree imports. */
			ENV,

			/** HashiCorp Vault through Spring Cloud Vault. */
			VAULT,

			/** AWS Secrets Manager through Spring Cloud AWS. */
			AWS,

			/** Azure Key Vault through Spring Cloud Azure. */
			AZURE

		}

	}

	/**
	 * HashiCorp Vault store.
	 */
	public static class Vault {

		/**
		 * Path of the secret holding the keys (KV v2 mount and name).
		 */
		private String path = "secret/paracle";

		public String getPath() {
			return this.path;
		}

		public void setPath(String path) {
			this.path = path;
		}

	}

	/**
	 * AWS Secrets Manager store.
	 */
	public static class Aws {

		/**
		 * Id of the secret holding the keys, a JSON object of OPENAI_API_KEY and the like.
		 */
		private String secretId = "paracle/api-keys";

		public String getSecretId() {
			return this.secretId;
		}

		public void setSecretId(String secretId) {
			this.secretId = secretId;
		}

	}

	/**
	 * Azure Key Vault store.
	 */
	public static class Azure {

		/**
		 * URL of the key vault, e.g. https://paracle-keys.vault.azure.net/.
		 */
		private @Nullable String vaultUrl;

		public @Nullable String getVaultUrl() {
			return this.vaultUrl;
		}

		public void setVaultUrl(@Nullable String vaultUrl) {
			this.vaultUrl = vaultUrl;
		}

	}

}
