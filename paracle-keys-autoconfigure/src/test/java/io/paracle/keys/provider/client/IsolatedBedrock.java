package io.paracle.keys.provider.client;

import java.util.List;

import io.paracle.keys.metrics.ApiCallTracker;
import io.paracle.keys.provider.LlmProvider;
import io.paracle.keys.resolve.ApiKeyResolver;
import io.paracle.keys.testsupport.TestEnvironments;

import org.springframework.core.env.StandardEnvironment;
import org.springframework.web.client.RestClient;

/**
 * Run by {@link BedrockWithoutSdkTests} inside a class loader that has no AWS SDK at all.
 */
public final class IsolatedBedrock {

	private IsolatedBedrock() {
	}

	/**
	 * Create an OpenAI and a Bedrock provider.
	 * @return the simple class names of what was created or thrown
	 */
	public static List<String> createProviders() {
		StandardEnvironment environment = TestEnvironments.of("paracle.providers.openai.api-key=sk-test-openai-0001",
				"paracle.providers.bedrock.access-key-id=AKIATESTKEY00001",
				"paracle.providers.bedrock.secret-access-key=test-aws-secret-0001",
				"paracle.providers.bedrock.region=us-east-1");
		LlmProviderFactory factory = new LlmProviderFactory(new ApiKeyResolver(environment, null), environment,
				RestClient::builder, List.of(), ApiCallTracker.NOOP, IsolatedBedrock.class.getClassLoader());
		String openAi = factory.create("openai").getClass().getSimpleName();
		try {
			return List.of(openAi, factory.create("bedrock").getClass().getSimpleName());
		}
		catch (Throwable ex) {
			return List.of(openAi, ex.getClass().getSimpleName());
		}
	}

	/**
	 * Chat with, then try to stream from, a Bedrock provider pointed at a fake server.
	 * @param baseUrl the fake server
	 * @return the chat's text, then the class and message of what streaming threw
	 */
	public static List<String> chatThenStream(String baseUrl) {
		StandardEnvironment environment = TestEnvironments.of(
				"paracle.providers.bedrock.access-key-id=AKIATESTKEY00001",
				"paracle.providers.bedrock.secret-access-key=test-aws-secret-0001",
				"paracle.providers.bedrock.region=us-east-1", "paracle.providers.bedrock.base-url=" + baseUrl);
		LlmProviderFactory factory = new LlmProviderFactory(new ApiKeyResolver(environment, null), environment,
				RestClient::builder, List.of(), ApiCallTracker.NOOP, IsolatedBedrock.class.getClassLoader());
		LlmProvider provider = factory.create("bedrock");
		String text = provider.chat("Hi").text();
		try {
			provider.stream("Hi");
			return List.of(text, "streamed");
		}
		catch (Throwable ex) {
			return List.of(text, ex.getClass().getSimpleName(), String.valueOf(ex.getMessage()));
		}
	}

}
