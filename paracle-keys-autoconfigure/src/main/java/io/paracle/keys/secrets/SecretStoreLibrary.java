package io.paracle.keys.secrets;

import java.util.ArrayList;
import java.util.List;

import io.paracle.keys.secrets.SecretStoreProperties.Backend;
import org.jspecify.annotations.Nullable;

import org.springframework.util.ClassUtils;

/**
 * The Spring Cloud library each secret store is reached through: the classes that must be present, the artifact
 * to add when they are not, and the BOM that manages its version.
 *
 * @author paracle-keys
 */
enum SecretStoreLibrary {

	/** Spring Cloud Vault: the {@code vault://} config import. */
	VAULT(Backend.VAULT, "org.springframework.cloud:spring-cloud-starter-vault-config",
			"org.springframework.cloud:spring-cloud-dependencies",
			"org.springframework.cloud.vault.config.VaultConfigDataLocationResolver"),

	/** Spring Cloud AWS: the {@code aws-secretsmanager:} config import. */
	AWS(Backend.AWS, "io.awspring.cloud:spring-cloud-aws-starter-secrets-manager",
			"io.awspring.cloud:spring-cloud-aws-dependencies",
			"io.awspring.cloud.autoconfigure.config.secretsmanager.SecretsManagerConfigDataLocationResolver",
			"software.amazon.awssdk.services.secretsmanager.SecretsManagerClient"),

	/** Spring Cloud Azure: Key Vault property sources. */
	AZURE(Backend.AZURE, "com.azure.spring:spring-cloud-azure-starter-keyvault-secrets",
			"com.azure.spring:spring-cloud-azure-dependencies", KeyVaultImport.POST_PROCESSOR,
			"com.azure.security.keyvault.secrets.SecretClient");

	/** Spring Cloud Context: {@code ContextRefresher}, which re-runs the store imports. */
	static final String CONTEXT_ARTIFACT = "org.springframework.cloud:spring-cloud-context";

	static final String CONTEXT_BOM = "org.springframework.cloud:spring-cloud-dependencies";

	static final String CONTEXT_REFRESHER = "org.springframework.cloud.context.refresh.ContextRefresher";

	private final Backend backend;

	private final String artifact;

	private final String bom;

	private final List<String> classes;

	SecretStoreLibrary(Backend backend, String artifact, String bom, String... classes) {
		this.backend = backend;
		this.artifact = artifact;
		this.bom = bom;
		this.classes = List.of(classes);
	}

	/**
	 * Return the library of a store backend, or {@code null} for {@link Backend#ENV}.
	 */
	static @Nullable SecretStoreLibrary of(Backend backend) {
		for (SecretStoreLibrary library : values()) {
			if (library.backend == backend) {
				return library;
			}
		}
		return null;
	}

	Backend backend() {
		return this.backend;
	}

	String artifact() {
		return this.artifact;
	}

	String bom() {
		return this.bom;
	}

	boolean isPresent(@Nullable ClassLoader classLoader) {
		for (String name : this.classes) {
			if (!ClassUtils.isPresent(name, classLoader)) {
				return false;
			}
		}
		return true;
	}

	/**
	 * Check that a store backend can work: its library, and Spring Cloud Context for re-reads without a restart.
	 * @throws SecretStoreConfigurationException naming every artifact to add
	 */
	static void check(Backend backend, @Nullable ClassLoader classLoader) {
		SecretStoreLibrary library = of(backend);
		if (library == null) {
			return;
		}
		List<String> missing = new ArrayList<>();
		List<String> boms = new ArrayList<>();
		if (!library.isPresent(classLoader)) {
			missing.add(library.artifact);
			boms.add(library.bom);
		}
		if (!ClassUtils.isPresent(CONTEXT_REFRESHER, classLoader)) {
			missing.add(CONTEXT_ARTIFACT);
			if (!boms.contains(CONTEXT_BOM)) {
				boms.add(CONTEXT_BOM);
			}
		}
		if (missing.isEmpty()) {
			return;
		}
		String name = SecretStores.propertyValue(backend);
		StringBuilder description = new StringBuilder("paracle.secrets.backend is '" + name + "', but ");
		description.append(String.join(" and ", missing)).append((missing.size() == 1) ? " is" : " are");
		description.append(" not on the classpath.");
		if (missing.contains(CONTEXT_ARTIFACT)) {
			description.append(" Spring Cloud Context's ContextRefresher re-reads the store on a schedule, on a 401 ")
				.append("and on POST /actuator/paracle, so that rotated keys need no restart.");
		}
		String action = "Add the " + ((missing.size() == 1) ? "dependency " : "dependencies ")
				+ String.join(" and ", missing) + " (versions managed by " + String.join(" and ", boms)
				+ "), or set paracle.secrets.backend to one of env, vault, aws, azure whose library is present.";
		throw new SecretStoreConfigurationException(description.toString(), action);
	}

}
