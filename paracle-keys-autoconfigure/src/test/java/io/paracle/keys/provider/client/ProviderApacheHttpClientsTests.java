package io.paracle.keys.provider.client;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.paracle.keys.metrics.ApiCallTracker;
import io.paracle.keys.provider.HttpClientType;
import io.paracle.keys.provider.LlmProvider;
import io.paracle.keys.provider.RateLimitExceededException;
import io.paracle.keys.testsupport.FakeProviderServer;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The Apache HttpClient 5 client an integration gets for a configuration is the one its direct calls use: built
 * once per pair of timeouts with the customizers, shared, closed with the factory.
 */
class ProviderApacheHttpClientsTests {

	@BeforeEach
	void useDirectClient() {
		ProviderFixture.httpClientType = HttpClientType.DIRECT;
	}

	@AfterEach
	void useRestClient() {
		ProviderFixture.httpClientType = HttpClientType.REST_CLIENT;
	}

	@Test
	void anIntegrationSendsThroughTheClientOfTheConfigurationsDirectCalls() {
		FakeProviderServer.reset()
			.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(aResponse().withStatus(429)));
		ProviderFixture openAi = ProviderFixture.OPENAI_COMPATIBLE.get(0);
		LlmProviderFactory factory = openAi.factory(ApiCallTracker.NOOP, openAi.key());
		List<String> customized = new CopyOnWriteArrayList<>();
		factory.setHttpClientCustomizers(List.of((name, builder) -> customized.add(name)));
		LlmProvider provider = factory.create("openai");
		assertThatExceptionOfType(RateLimitExceededException.class).isThrownBy(() -> provider.chat("Hi"));
		assertThat(customized).containsExactly("openai");
		LlmProviderContext context = factory.context("openai");
		CloseableHttpClient client = ProviderApacheHttpClients.of(factory, "openai", context.connectTimeout(),
				context.readTimeout());
		assertThat(ProviderApacheHttpClients.of(factory, "openai", context.connectTimeout(), context.readTimeout()))
			.isSameAs(client);
		// the provider's own client: not built again
		assertThat(customized).containsExactly("openai");
		assertThat(ProviderApacheHttpClients.of(factory, "openai", context.connectTimeout(), Duration.ofSeconds(7)))
			.isNotSameAs(client);
		assertThat(customized).containsExactly("openai", "openai");
		factory.close();
		assertThatExceptionOfType(IllegalStateException.class)
			.isThrownBy(() -> ProviderApacheHttpClients.of(factory, "openai", Duration.ofSeconds(1),
					Duration.ofSeconds(2)))
			.withMessage("The HTTP clients of the providers are closed");
	}

}
