package io.paracle.keys.provider.client;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a startup that failed because a Bedrock provider is active without the AWS SDK.
 *
 * @author paracle-keys
 */
class MissingBedrockSdkFailureAnalyzer extends AbstractFailureAnalyzer<MissingBedrockSdkException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, MissingBedrockSdkException cause) {
		String provider = cause.getProvider();
		return new FailureAnalysis(
				"Provider configuration '" + provider + "' (AWS Bedrock) is active, but "
						+ MissingBedrockSdkException.DEPENDENCY + " is not on the classpath.",
				"Add the dependency " + MissingBedrockSdkException.DEPENDENCY
						+ " (its version is managed by the AWS SDK BOM, software.amazon.awssdk:bom), or switch the "
						+ "provider off with paracle.providers." + provider + ".enabled=false.",
				cause);
	}

}
