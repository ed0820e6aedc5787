package io.paracle.keys.provider.client;

import java.util.List;

import io.paracle.keys.metrics.ApiCallTracker;
import io.paracle.keys.provider.HttpClientType;
import io.paracle.keys.provider.LlmProvider;
import io.paracle.keys.provider.RateLimitExceededException;
import io.paracle.keys.testsupport.FakeProviderServer;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

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

	@Test
	void theConnectionOfAnErrorAnswerIsKept() {
		FakeProviderServer.reset()
			.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(aResponse().withStatus(429)
				.withHeader("Retry-After", "7")
				.withHeader("Content-Type", "application/json")
				.withBody("{\"error\":{\"message\":\"" + "slow down ".repeat(2_000) + "\"}}")));
		PoolingHttpClientConnectionManager pool = PoolingHttpClientConnectionManagerBuilder.create().build();
		ProviderFixture openAi = ProviderFixture.OPENAI_COMPATIBLE.get(0);
		LlmProviderFactory factory = openAi.factory(ApiCallTracker.NOOP, openAi.key());
		factory.setHttpClientCustomizers(List.of((name, builder) -> builder.setConnectionManager(pool)));
		LlmProvider provider = factory.create("openai");
		assertThatExceptionOfType(RateLimitExceededException.class).isThrownBy(() -> provider.chat("Hi"));
		// the 20 KB body was read only in part for the message; HttpClient drained the rest and pooled the connection
		assertThat(pool.getTotalStats().getAvailable()).isOne();
		assertThat(pool.getTotalStats().getLeased()).isZero();
		factory.close();
		pool.close();
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
