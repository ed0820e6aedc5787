package io.paracle.keys.testsupport.stores;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Property sets that point the real Spring Cloud store clients (Vault config, AWS Secrets
 * Manager config, Azure Key Vault property source) at the fakes, and the properties that
 * switch each store off. Each set is a mutable copy, ready to extend.
 */
public final class StoreClientProperties {

	/** Switches spring-cloud-vault off (without it, startup fails when no token is set). */
	public static final String VAULT_ENABLED = "spring.cloud.vault.enabled";

	/** Switches the AWS Secrets Manager client off (without it, startup fails without a region). */
	public static final String AWS_SECRETS_MANAGER_ENABLED = "spring.cloud.aws.secretsmanager.enabled";

	/** Switches the Azure Key Vault property sources off (they are inert when none is listed). */
	public static final String AZURE_PROPERTY_SOURCE_ENABLED = "spring.cloud.azure.keyvault.secret.property-source-enabled";

	private static final String AZURE_SOURCE = "spring.cloud.azure.keyvault.secret.property-sources[0].";

	private StoreClientProperties() {
	}

	/**
	 * Vault KV v2 through {@code spring.config.import=vault://secret/<name>}.
	 * @param vault the fake, started
	 * @param secretName the secret below {@code secret/}, for example {@code paracle}
	 * @return the properties
	 */
	public static Map<String, String> vault(FakeVaultServer vault, String secretName) {
		Map<String, String> properties = new LinkedHashMap<>();
		properties.put("spring.config.import", "vault://secret/" + secretName);
		properties.put("spring.cloud.vault.uri", vault.baseUrl());
		properties.put("spring.cloud.vault.token", vault.token());
		properties.put(AWS_SECRETS_MANAGER_ENABLED, "false");
		properties.put(AZURE_PROPERTY_SOURCE_ENABLED, "false");
		return properties;
	}

	/**
	 * AWS Secrets Manager through {@code spring.config.import=aws-secretsmanager:<name>},
	 * with static test credentials and region {@code us-east-1}.
	 * @param secretsManager the fake, started
	 * @param secretName the secret name, for example {@code paracle/api-keys}
	 * @return the properties
	 */
	public static Map<String, String> secretsManager(FakeSecretsManagerServer secretsManager, String secretName) {
		Map<String, String> properties = new LinkedHashMap<>();
		properties.put("spring.config.import", "aws-secretsmanager:" + secretName);
		properties.put("spring.cloud.aws.secretsmanager.endpoint", secretsManager.baseUrl());
		properties.put("spring.cloud.aws.credentials.access-key", "AKIDFAKEPARACLE");
		properties.put("spring.cloud.aws.credentials.secret-key", "fake-secret-access-key");
		properties.put("spring.cloud.aws.region.static", "us-east-1");
		properties.put(VAULT_ENABLED, "false");
		properties.put(AZURE_PROPERTY_SOURCE_ENABLED, "false");
		return properties;
	}

	/**
	 * Polling reload of AWS Secrets Manager sources through {@code ContextRefresher}.
	 * @param period the polling period
	 * @return the properties
	 */
	public static Map<String, String> secretsManagerReload(Duration period) {
		Map<String, String> properties = new LinkedHashMap<>();
		properties.put("spring.cloud.aws.secretsmanager.reload.strategy", "refresh");
		properties.put("spring.cloud.aws.secretsmanager.reload.period", period.toMillis() + "ms");
		return properties;
	}

	/**
	 * One Azure Key Vault property source on the fake: challenge resource verification
	 * off (the fake is not {@code *.vault.azure.net}), one quick client retry so an outage
	 * fails fast, and no background refresh (the default is a 30 minute timer that outlives
	 * the context). The client also needs the fake's credential
	 * ({@link TokenCredentialBootstrap}) and certificate ({@link TrustStoreOverride}).
	 * @param keyVault the fake, started
	 * @return the properties
	 */
	public static Map<String, String> keyVault(FakeKeyVaultServer keyVault) {
		Map<String, String> properties = new LinkedHashMap<>();
		properties.put(AZURE_PROPERTY_SOURCE_ENABLED, "true");
		properties.put(AZURE_SOURCE + "endpoint", keyVault.baseUrl());
		properties.put(AZURE_SOURCE + "challenge-resource-verification-enabled", "false");
		properties.put(AZURE_SOURCE + "retry.mode", "fixed");
		properties.put(AZURE_SOURCE + "retry.fixed.max-retries", "1");
		properties.put(AZURE_SOURCE + "retry.fixed.delay", "10ms");
		properties.put(AZURE_SOURCE + "refresh-interval", "0");
		properties.put(VAULT_ENABLED, "false");
		properties.put(AWS_SECRETS_MANAGER_ENABLED, "false");
		return properties;
	}

	/**
	 * Background refresh of the Azure Key Vault property source.
	 * @param interval the refresh interval
	 * @return the properties
	 */
	public static Map<String, String> keyVaultRefresh(Duration interval) {
		return new LinkedHashMap<>(Map.of(AZURE_SOURCE + "refresh-interval", interval.toMillis() + "ms"));
	}

	/**
	 * Every store switched off.
	 * @return the properties
	 */
	public static Map<String, String> allStoresOff() {
		Map<String, String> properties = new LinkedHashMap<>();
		properties.put(VAULT_ENABLED, "false");
		properties.put(AWS_SECRETS_MANAGER_ENABLED, "false");
		properties.put(AZURE_PROPERTY_SOURCE_ENABLED, "false");
		return properties;
	}

}
