package io.paracle.keys.secrets;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Properties of the secret store, {@code paracle.secrets.*}: which store holds the keys and how often they are
 * re-read. Bound by Boot for the auto-configuration, and by {@link SecretStoreEnvironmentPostProcessor} on its
 * own before the context exists.
 *
 * @author paracle-keys
 */
@ConfigurationProperties("paracle.secrets")
public class SecretStoreProperties {

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
		if (minRefreshInterval.isNegative()) {
			throw new IllegalArgumentException("must be zero or a positive duration, e.g. 30s");
		}
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
