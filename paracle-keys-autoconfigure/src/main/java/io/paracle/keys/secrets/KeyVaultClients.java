package io.paracle.keys.secrets;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.azure.spring.cloud.autoconfigure.implementation.keyvault.environment.KeyVaultOperation;
import org.jspecify.annotations.Nullable;

/**
 * The Key Vault clients made so far, one per vault and settings, kept in the bootstrap context (which outlives
 * every re-read: Spring Cloud's {@code ContextRefresher} hands the same one to the post-processors it re-runs). A
 * re-read reads the vault through the client the first read made — its {@code SecretClient}, HTTP pipeline,
 * connection pool and cached token — instead of building a new one each time, which left one idle HTTPS
 * connection and a pool behind per re-read.
 *
 * @author paracle-keys
 */
final class KeyVaultClients {

	private final Map<Map<String, Object>, KeyVaultOperation> operations = new ConcurrentHashMap<>();

	/**
	 * Return the client made for these settings, or {@code null} when none was made yet.
	 * @param settings the settings of the Key Vault property source (vault URL included)
	 * @return the client, or {@code null}
	 */
	@Nullable KeyVaultOperation get(Map<String, Object> settings) {
		return this.operations.get(settings);
	}

	/**
	 * Remember the client made for these settings.
	 * @param settings the settings of the Key Vault property source
	 * @param operation the client
	 */
	void put(Map<String, Object> settings, KeyVaultOperation operation) {
		this.operations.put(Map.copyOf(settings), operation);
	}

}
