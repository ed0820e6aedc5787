package io.paracle.keys.resolve;

/**
 * The kind of place a key was found in. Used for key descriptions, health details and the source policy.
 *
 * @author paracle-keys
 */
public enum KeySourceKind {

	/** An operating system environment variable. */
	ENVIRONMENT,

	/** A JVM system property. */
	SYSTEM_PROPERTY,

	/** A file named by a {@code <VAR>_FILE} variable or an {@code api-key-file} property (Docker secrets). */
	FILE,

	/** A {@code .env} file in the working directory. */
	DOTENV,

	/** A mounted secret directory imported with {@code configtree:} (Kubernetes secret volume, /run/secrets). */
	CONFIG_TREE,

	/** A secret store reached through a Spring Cloud config import (Vault, AWS Secrets Manager, Azure Key Vault). */
	SECRET_STORE,

	/** AWS credentials the AWS SDK finds on its own default credentials chain (Bedrock only). */
	AWS_DEFAULT_CHAIN,

	/** A key passed for a single call, never stored. */
	PER_CALL,

	/**
	 * Application configuration: an {@code application.yml} or {@code .properties} file (inside the jar or
	 * beside it), command-line arguments, test properties, or any property source not listed above.
	 */
	OTHER

}
