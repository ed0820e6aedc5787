package io.paracle.keys.resolve;

import org.springframework.boot.env.ConfigTreePropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;

/**
 * Tells what kind of key source a {@link PropertySource} is, from its type and name.
 *
 * @author paracle-keys
 */
final class PropertySourceKinds {

	/** Name of the property source Boot attaches to expose relaxed names; never a source of its own. */
	static final String ATTACHED = "configurationProperties";

	private PropertySourceKinds() {
	}

	static KeySourceKind of(PropertySource<?> source) {
		String name = source.getName();
		if (StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME.equals(name)) {
			return KeySourceKind.ENVIRONMENT;
		}
		if (StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME.equals(name)) {
			return KeySourceKind.SYSTEM_PROPERTY;
		}
		if (source instanceof DotenvPropertySource) {
			return KeySourceKind.DOTENV;
		}
		if (source instanceof ConfigTreePropertySource || name.contains("configtree:")
				|| name.startsWith("Config tree")) {
			return KeySourceKind.CONFIG_TREE;
		}
		if (isSecretStore(source)) {
			return KeySourceKind.SECRET_STORE;
		}
		return KeySourceKind.OTHER;
	}

	/**
	 * Return a stable description of a secret store source, e.g. {@code vault:secret/paracle},
	 * {@code aws-secretsmanager:paracle/api-keys} or {@code azure-keyvault:...}.
	 */
	static String describe(PropertySource<?> source) {
		String name = source.getName();
		String type = source.getClass().getName();
		if (type.contains(".vault.") && !name.startsWith("vault:")) {
			return "vault:" + name;
		}
		if (type.contains("KeyVault") && !name.startsWith("azure-keyvault")) {
			return "azure-keyvault:" + name;
		}
		return name;
	}

	private static boolean isSecretStore(PropertySource<?> source) {
		String type = source.getClass().getName();
		String name = source.getName();
		return type.contains(".vault.") || type.contains("SecretsManager") || type.contains("KeyVault")
				|| name.startsWith("aws-secretsmanager:") || name.startsWith("vault:")
				|| name.startsWith("azure-key-vault");
	}

}
