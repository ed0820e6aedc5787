package io.paracle.keys.provider.client;

import java.util.List;

import io.paracle.keys.metrics.ApiCallTracker;
import io.paracle.keys.provider.HttpClientType;
import io.paracle.keys.resolve.ApiKeyResolver;
import io.paracle.keys.testsupport.FailureAnalyses;
import io.paracle.keys.testsupport.TestEnvironments;

import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.web.client.RestClient;

/**
 * Run by {@link DirectClientWithoutHttpClient5Tests} inside a class loader that has no Apache HttpClient 5.
 */
public final class IsolatedDirectClient {

	private IsolatedDirectClient() {
	}

	/**
	 * Create an OpenAI provider with each HTTP client.
	 * @return the simple class name of the provider created with {@code rest-client}, then what creating one with
	 * {@code direct} threw (class and message) and the failure analysis of it (description, action)
	 */
	public static List<String> createProviders() {
		StandardEnvironment environment = TestEnvironments.of("paracle.providers.openai.api-key=sk-test-openai-0001");
		LlmProviderFactory factory = new LlmProviderFactory(new ApiKeyResolver(environment, null), environment,
				RestClient::builder, List.of(), ApiCallTracker.NOOP, IsolatedDirectClient.class.getClassLoader());
		String restClient = factory.create("openai").getClass().getSimpleName();
		factory.setHttpClientType(HttpClientType.DIRECT);
		try {
			return List.of(restClient, factory.create("openai").getClass().getSimpleName());
		}
		catch (Throwable ex) {
			// the analyzer Spring Boot finds in spring.factories when startup fails
			FailureAnalysis analysis = FailureAnalyses.of(ex, IsolatedDirectClient.class.getClassLoader());
			return List.of(restClient, ex.getClass().getSimpleName() + ": " + ex.getMessage(),
					analysis.getDescription(), analysis.getAction());
		}
		finally {
			factory.close();
		}
	}

}
