package io.paracle.keys.secrets;

import java.net.URI;
import java.util.Locale;

import io.paracle.keys.secrets.SecretStoreProperties.Backend;
import org.jspecify.annotations.Nullable;

import org.springframework.util.StringUtils;

/**
 * Names of the stores: the config import locations and the property source names they produce, which are also
 * how keys from a store describe their origin ({@code vault:secret/paracle},
 * {@code aws-secretsmanager:paracle/api-keys}, {@code azure-keyvault:paracle-keys.vault.azure.net}).
 *
 * @author paracle-keys
 */
final class SecretStores {

	/** Prefix of the Key Vault property source the starter builds, followed by the vault host. */
	static final String AZURE_SOURCE_PREFIX = "azure-keyvault:";

	private SecretStores() {
	}

	static String propertyValue(Backend backend) {
		return backend.name().toLowerCase(Locale.ROOT);
	}

	/**
	 * Return the {@code spring.config.import} location of a Vault or AWS store.
	 */
	static String importLocation(SecretStoreProperties secrets) {
		return switch (secrets.getBackend()) {
			case VAULT -> "vault://" + vaultPath(secrets);
			case AWS -> "aws-secretsmanager:" + secrets.getAws().getSecretId();
			default -> throw new IllegalArgumentException("No config import for " + secrets.getBackend());
		};
	}

	/**
	 * Return the name of the property source the store's library creates.
	 */
	static String sourceName(SecretStoreProperties secrets) {
		return switch (secrets.getBackend()) {
			case VAULT -> vaultPath(secrets);
			case AWS -> "aws-secretsmanager:" + secrets.getAws().getSecretId();
			case AZURE -> AZURE_SOURCE_PREFIX + vaultHost(secrets.getAzure().getVaultUrl());
			case ENV -> "env";
		};
	}

	/**
	 * Return a description of the store for logs and health, as key origins describe it.
	 */
	static String describe(SecretStoreProperties secrets) {
		return switch (secrets.getBackend()) {
			case VAULT -> "vault:" + vaultPath(secrets);
			case AWS, AZURE -> sourceName(secrets);
			case ENV -> "env";
		};
	}

	private static String vaultPath(SecretStoreProperties secrets) {
		String path = secrets.getVault().getPath();
		while (path.startsWith("/")) {
			path = path.substring(1);
		}
		return path;
	}

	static String vaultHost(@Nullable String vaultUrl) {
		if (!StringUtils.hasText(vaultUrl)) {
			return "configured-sources";
		}
		try {
			URI uri = URI.create(vaultUrl.strip());
			if (uri.getHost() != null) {
				return uri.getHost() + ((uri.getPort() != -1) ? ":" + uri.getPort() : "");
			}
		}
		catch (IllegalArgumentException ex) {
			// fall through: use the text as written
		}
		return vaultUrl.strip();
	}

}
