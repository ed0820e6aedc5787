package io.paracle.keys.autoconfigure;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.paracle.keys.provider.LlmProviders;
import io.paracle.keys.provider.client.AnthropicProvider;
import io.paracle.keys.provider.client.OpenAiProvider;
import io.paracle.keys.testsupport.FakeProviderServer;
import org.junit.jupiter.api.Test;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.paracle.keys.testsupport.stores.StoreApplication.GOOGLE_GENAI_CHAT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A whole Spring Boot application with every auto-configuration on the test classpath (Actuator, Prometheus):
 * the provider beans are there and each call shows up in the Prometheus scrape.
 */
class ClientsApplicationTests {

	@Test
	void callsShowUpInThePrometheusScrape() {
		WireMockServer server = FakeProviderServer.reset();
		server.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(okJson("""
				{"id":"chatcmpl-1","model":"gpt-4o-mini","choices":[{"index":0,"message":{"role":"assistant",
				 "content":"Hi"},"finish_reason":"stop"}],"usage":{"prompt_tokens":3,"completion_tokens":1}}""")));
		server.stubFor(post(urlEqualTo("/v1/messages")).willReturn(aResponse().withStatus(429)
			.withHeader("Retry-After", "7")
			.withBody("{\"type\":\"error\",\"error\":{\"type\":\"rate_limit_error\",\"message\":\"slow down\"}}")));
		try (ConfigurableApplicationContext context = new SpringApplicationBuilder(App.class)
			.web(WebApplicationType.NONE)
			.properties("paracle.keys.dotenv.enabled=false", "paracle.providers.openai.api-key=sk-test-openai-0001",
					"paracle.providers.openai.base-url=" + FakeProviderServer.baseUrl() + "/v1",
					"paracle.providers.anthropic.api-key=sk-ant-test-0001",
					"paracle.providers.anthropic.base-url=" + FakeProviderServer.baseUrl(),
					"management.prometheus.metrics.export.enabled=true")
			.run()) {
			assertThat(context.getBean(LlmProviders.class).names()).containsExactly("openai", "anthropic");
			context.getBean(OpenAiProvider.class).chat("Hello");
			assertThatExceptionOfType(RuntimeException.class)
				.isThrownBy(() -> context.getBean(AnthropicProvider.class).chat("Hello"));
			String scrape = context.getBean(PrometheusMeterRegistry.class).scrape();
			assertThat(scrape)
				.contains("api_calls_total{operation=\"chat\",outcome=\"success\",provider=\"openai\",status=\"200\"} 1")
				.contains("api_calls_total{operation=\"chat\",outcome=\"rate_limited\",provider=\"anthropic\","
						+ "status=\"429\"} 1")
				.doesNotContain("paracle_api_call_seconds")
				.doesNotContain("sk-test-openai-0001");
		}
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration(excludeName = GOOGLE_GENAI_CHAT)
	static class App {

	}

}
