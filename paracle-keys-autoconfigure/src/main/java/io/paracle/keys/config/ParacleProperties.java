package io.paracle.keys.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.paracle.keys.metrics.ApiCallObservationMode;
import io.paracle.keys.metrics.GenAiConventions;
import io.paracle.keys.provider.HttpClientType;
import io.paracle.keys.resolve.ProviderProperties;
import io.paracle.keys.route.RouteProperties;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Configuration properties of paracle-keys: the provider configurations ({@code paracle.providers.<name>.*}),
 * the routes across them ({@code paracle.routes.<name>.*}),
 * how keys are found ({@code paracle.keys.*}), health and the HTTP client. The secret store
 * ({@code paracle.secrets.*}) binds on its own, to {@code SecretStoreProperties}.
 *
 * @author paracle-keys
 */
@ConfigurationProperties("paracle")
public class ParacleProperties {

	/**
	 * Provider configurations by name. The name is a catalog id (openai, anthropic, ...) or a free name whose
	 * 'type' names the catalog entry.
	 */
	private final Map<String, ProviderProperties> providers = new LinkedHashMap<>();

	/**
	 * Routes by name: provider configurations tried in order, each call going to the first that can take it.
	 */
	private final Map<String, RouteProperties> routes = new LinkedHashMap<>();

	/**
	 * How keys are found, checked, rotated and redacted.
	 */
	private final Keys keys = new Keys();

	/**
	 * Health indicator settings.
	 */
	private final Health health = new Health();

	/**
	 * HTTP client of the provider calls.
	 */
	private final Http http = new Http();

	/**
	 * Meters and observations of the provider calls.
	 */
	private final Metrics metrics = new Metrics();

	/**
	 * Return the provider configurations by name.
	 * @return the provider configurations
	 */
	public Map<String, ProviderProperties> getProviders() {
		return this.providers;
	}

	/**
	 * Return the routes by name.
	 * @return the routes
	 */
	public Map<String, RouteProperties> getRoutes() {
		return this.routes;
	}

	/**
	 * Return how keys are found and checked.
	 * @return the key settings
	 */
	public Keys getKeys() {
		return this.keys;
	}

	/**
	 * Return the health indicator settings.
	 * @return the health settings
	 */
	public Health getHealth() {
		return this.health;
	}

	/**
	 * Return the HTTP client settings.
	 * @return the HTTP settings
	 */
	public Http getHttp() {
		return this.http;
	}

	/**
	 * Return the meter and observation settings.
	 * @return the metrics settings
	 */
	public Metrics getMetrics() {
		return this.metrics;
	}

	/**
	 * Meters and observations of the provider calls.
	 */
	public static class Metrics {

		private final GenAi genAi = new GenAi();

		/**
		 * When calls run in a 'paracle.api.call' observation: 'auto' when an observation handler bean other than
		 * a meter handler would see them (a tracer, for instance), 'always' for handlers registered on the
		 * observation registry directly. The meters are recorded either way.
		 */
		private ApiCallObservationMode observations = ApiCallObservationMode.AUTO;

		public GenAi getGenAi() {
			return this.genAi;
		}

		public ApiCallObservationMode getObservations() {
			return this.observations;
		}

		public void setObservations(ApiCallObservationMode observations) {
			this.observations = observations;
		}

	}

	/**
	 * OpenTelemetry GenAI semantic conventions of the meters and the observation.
	 */
	public static class GenAi {

		/**
		 * Version of the OpenTelemetry GenAI conventions to follow: 'latest' (gen_ai.provider.name, v1.37 and later)
		 * or 'v1-36' (gen_ai.system, for dashboards built on the older conventions).
		 */
		private GenAiConventions conventions = GenAiConventions.LATEST;

		public GenAiConventions getConventions() {
			return this.conventions;
		}

		public void setConventions(GenAiConventions conventions) {
			this.conventions = conventions;
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
			if (maxAge.isZero() || maxAge.isNegative()) {
				throw new IllegalArgumentException("must be a duration longer than zero, e.g. 90d");
			}
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

		/**
		 * Largest answer read from a provider; a larger one fails with InvalidResponseException (outcome
		 * invalid_response) instead of filling the heap.
		 */
		private DataSize maxResponseSize = DataSize.ofMegabytes(10);

		public DataSize getMaxResponseSize() {
			return this.maxResponseSize;
		}

		public void setMaxResponseSize(DataSize maxResponseSize) {
			if (maxResponseSize.toBytes() <= 0) {
				throw new IllegalArgumentException("must be larger than zero, e.g. 10MB");
			}
			this.maxResponseSize = maxResponseSize;
		}

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
			if (verifyInterval.isNegative()) {
				throw new IllegalArgumentException("must be zero or a positive duration, e.g. 10m");
			}
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

}
