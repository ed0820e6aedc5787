package io.paracle.keys.secrets;

import com.azure.security.keyvault.secrets.SecretClient;
import com.azure.security.keyvault.secrets.models.KeyVaultSecret;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

import org.springframework.vault.core.VaultOperations;
import org.springframework.vault.support.VaultMetadataResponse;

/**
 * The metadata lookups of each store, through the libraries' clients. Each method touches one library only, so
 * it is called only when that library is present.
 *
 * @author paracle-keys
 */
final class StoreMetadata {

	private StoreMetadata() {
	}

	/**
	 * Vault KV v2: {@code updated_time} of {@code <mount>/metadata/<path>}.
	 * @param vault the Vault client
	 * @param secrets the secrets configuration naming the path
	 * @return the lookup
	 */
	public static SecretStoreKeyTimestampSource.Lookup vault(VaultOperations vault, SecretStoreProperties secrets) {
		String full = SecretStores.sourceName(secrets);
		int slash = full.indexOf('/');
		String mount = (slash > 0) ? full.substring(0, slash) : full;
		String path = (slash > 0) ? full.substring(slash + 1) : "";
		return (name) -> {
			VaultMetadataResponse metadata = vault.opsForVersionedKeyValue(mount).opsForKeyValueMetadata().get(path);
			return (metadata != null) ? metadata.getUpdatedTime() : null;
		};
	}

	/**
	 * AWS Secrets Manager: {@code LastChangedDate} from {@code DescribeSecret}.
	 * @param client the Secrets Manager client
	 * @param secrets the secrets configuration naming the secret
	 * @return the lookup
	 */
	public static SecretStoreKeyTimestampSource.Lookup aws(SecretsManagerClient client,
			SecretStoreProperties secrets) {
		String secretId = secrets.getAws().getSecretId();
		return (name) -> client.describeSecret((request) -> request.secretId(secretId)).lastChangedDate();
	}

	/**
	 * Return whether a secret client talks to the vault {@code paracle.secrets.azure.vault-url} names.
	 * @param client the client
	 * @param secrets the secrets configuration
	 * @return whether the URLs match (trailing slashes and case aside)
	 */
	public static boolean isForVault(SecretClient client, SecretStoreProperties secrets) {
		String wanted = secrets.getAzure().getVaultUrl();
		return wanted != null && normalize(client.getVaultUrl()).equals(normalize(wanted));
	}

	private static String normalize(String url) {
		String trimmed = url.strip().toLowerCase(java.util.Locale.ROOT);
		while (trimmed.endsWith("/")) {
			trimmed = trimmed.substring(0, trimmed.length() - 1);
		}
		return trimmed;
	}

	/**
	 * Azure Key Vault: {@code attributes.updated} of the secret (names with dashes, as Key Vault stores them).
	 * @param client a secret client for the vault
	 * @return the lookup
	 */
	public static SecretStoreKeyTimestampSource.Lookup azure(SecretClient client) {
		// getSecret reads the value too; the lookup runs once per key.
		return (name) -> {
			KeyVaultSecret secret = client.getSecret(name.replace('_', '-'));
			return (secret.getProperties().getUpdatedOn() != null) ? secret.getProperties().getUpdatedOn().toInstant()
					: null;
		};
	}

}
