package io.paracle.keys.provider.client;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a startup that failed because a Bedrock provider is active without the AWS SDK, or streamed without
 * the SDK's asynchronous HTTP client.
 *
 * @author paracle-keys
 */
class MissingBedrockSdkFailureAnalyzer extends AbstractFailureAnalyzer<MissingBedrockSdkException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, MissingBedrockSdkException cause) {
		String provider = cause.getProvider();
		String dependency = cause.getDependency();
		if (MissingBedrockSdkException.STREAMING_DEPENDENCY.equals(dependency)) {
			return new FailureAnalysis("Provider configuration '" + provider + "' (AWS Bedrock) was asked to stream, but "
					+ dependency + " (the AWS SDK's asynchronous HTTP client) is not on the classpath.",
					"Add the dependency " + dependency + " (its version is managed by the AWS SDK BOM, "
							+ "software.amazon.awssdk:bom), or call chat(ChatRequest) instead of stream(ChatRequest).",
					cause);
		}
		return new FailureAnalysis(
				"Provider configuration '" + provider + "' (AWS Bedrock) is active, but " + dependency
						+ " is not on the classpath.",
				"Add the dependency " + dependency
						+ " (its version is managed by the AWS SDK BOM, software.amazon.awssdk:bom), or switch the "
						+ "provider off with paracle.providers." + provider + ".enabled=false.",
				cause);
	}

}
