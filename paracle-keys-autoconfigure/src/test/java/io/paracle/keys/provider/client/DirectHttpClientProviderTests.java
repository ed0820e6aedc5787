package io.paracle.keys.provider.client;

import io.paracle.keys.metrics.ApiCallTracker;
import io.paracle.keys.provider.HttpClientType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every wire test of the HTTP providers again with {@code paracle.http.client=direct}: the requests that reach
 * the fake server (method, path, headers, body), the parsed answers, the typed errors, the meters and the key
 * never in a URL must be the same as through {@code RestClient}.
 */
class DirectHttpClientProviderTests {

	@BeforeEach
	void useDirectClient() {
		ProviderFixture.httpClientType = HttpClientType.DIRECT;
	}

	@AfterEach
	void useRestClient() {
		ProviderFixture.httpClientType = HttpClientType.REST_CLIENT;
	}

	@Test
	void theFactoriesOfTheseTestsCreateDirectClients() {
		ProviderFixture openAi = ProviderFixture.OPENAI_COMPATIBLE.get(0);
		LlmProviderFactory factory = openAi.factory(ApiCallTracker.NOOP, openAi.key());
		assertThat(factory.context("openai").httpClient()).isInstanceOf(DirectProviderHttpClient.class);
		ProviderFixture.httpClientType = HttpClientType.REST_CLIENT;
		factory = openAi.factory(ApiCallTracker.NOOP, openAi.key());
		assertThat(factory.context("openai").httpClient()).isInstanceOf(RestClientProviderHttpClient.class);
	}

	@Nested
	class OpenAiCompatible extends OpenAiCompatibleProviderTests {

	}

	@Nested
	class Anthropic extends AnthropicProviderTests {

	}

	@Nested
	class Gemini extends GeminiProviderTests {

	}

	@Nested
	class AzureOpenAi extends AzureOpenAiProviderTests {

	}

	@Nested
	class Cohere extends CohereProviderTests {

	}

	@Nested
	class KeyNeverInUrl extends KeyNeverInUrlTests {

	}

	@Nested
	class Errors extends ProviderErrorTests {

	}

	@Nested
	class Metrics extends ProviderMetricsTests {

	}

}
