package io.paracle.keys.provider.client;

/**
 * Thrown when a Bedrock provider is created without {@code software.amazon.awssdk:bedrockruntime} on the
 * classpath.
 *
 * @author paracle-keys
 */
class MissingBedrockSdkException extends IllegalStateException {

	static final String DEPENDENCY = "software.amazon.awssdk:bedrockruntime";

	private final String provider;

	MissingBedrockSdkException(String provider) {
		super("Provider '" + provider + "' (AWS Bedrock) needs the AWS SDK for Bedrock Runtime, but " + DEPENDENCY
				+ " is not on the classpath. Add it, or set paracle.providers." + provider + ".enabled=false.");
		this.provider = provider;
	}

	String getProvider() {
		return this.provider;
	}

}
