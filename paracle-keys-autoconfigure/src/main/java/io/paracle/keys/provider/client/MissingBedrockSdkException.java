package io.paracle.keys.provider.client;

/**
 * Thrown when a Bedrock provider is created without {@code software.amazon.awssdk:bedrockruntime} on the
 * classpath, or streams without the SDK's asynchronous HTTP client {@code software.amazon.awssdk:netty-nio-client}.
 *
 * @author paracle-keys
 */
class MissingBedrockSdkException extends IllegalStateException {

	static final String DEPENDENCY = "software.amazon.awssdk:bedrockruntime";

	static final String STREAMING_DEPENDENCY = "software.amazon.awssdk:netty-nio-client";

	private final String provider;

	private final String dependency;

	MissingBedrockSdkException(String provider) {
		super("Provider '" + provider + "' (AWS Bedrock) needs the AWS SDK for Bedrock Runtime, but " + DEPENDENCY
				+ " is not on the classpath. Add it, or set paracle.providers." + provider + ".enabled=false.");
		this.provider = provider;
		this.dependency = DEPENDENCY;
	}

	private MissingBedrockSdkException(String provider, String dependency, String message) {
		super(message);
		this.provider = provider;
		this.dependency = dependency;
	}

	/**
	 * Return the exception for a stream without the SDK's asynchronous HTTP client (chat does not need it).
	 */
	static MissingBedrockSdkException forStreaming(String provider) {
		return new MissingBedrockSdkException(provider, STREAMING_DEPENDENCY, "Provider '" + provider
				+ "' (AWS Bedrock) streams through the AWS SDK's asynchronous HTTP client, but " + STREAMING_DEPENDENCY
				+ " is not on the classpath. Add it to stream, or call chat(ChatRequest), which does not need it.");
	}

	String getProvider() {
		return this.provider;
	}

	/**
	 * Return the missing dependency, {@code groupId:artifactId}.
	 */
	String getDependency() {
		return this.dependency;
	}

}
