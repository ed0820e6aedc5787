package io.paracle.keys.autoconfigure;

import io.paracle.keys.metrics.ApiCallMetricsAutoConfiguration;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.micrometer.core.instrument.MeterRegistry;
import io.paracle.keys.provider.LlmProviderRestClientCustomizer;
import io.paracle.keys.provider.client.OpenAiProvider;
import io.paracle.keys.testsupport.FakeProviderServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.restclient.RestClientCustomizer;
import org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration;
import org.springframework.boot.restclient.autoconfigure.RestClientObservationAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a user who sets no {@code paracle.http.client} gets: {@code direct} (Apache HttpClient 5 without
 * {@code RestClient}) when HttpClient 5 is present, {@code rest-client} without it, and {@code rest-client} with an
 * INFO line when {@link LlmProviderRestClientCustomizer}s exist.
 */
@ExtendWith(OutputCaptureExtension.class)
class DefaultHttpClientTests {

	private static final String ANSWER = """
			{"id":"chatcmpl-1","model":"gpt-4o-mini","choices":[{"index":0,"message":{"role":"assistant",
			 "content":"Hi"},"finish_reason":"stop"}],"usage":{"prompt_tokens":3,"completion_tokens":1}}""";

	private static final String FALLBACK = "paracle.http.client is not set and 1 LlmProviderRestClientCustomizer "
			+ "bean(s) exist: the providers call through RestClient so that they apply";

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ParacleKeysAutoConfiguration.class,
				ApiCallMetricsAutoConfiguration.class, LlmProviderAutoConfiguration.class,
				RestClientAutoConfiguration.class, RestClientObservationAutoConfiguration.class,
				ObservationAutoConfiguration.class, MetricsAutoConfiguration.class,
				SimpleMetricsExportAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class))
		.withPropertyValues("paracle.providers.openai.api-key=sk-test-openai-0001",
				"paracle.providers.openai.base-url=" + FakeProviderServer.baseUrl() + "/v1")
		.withBean(RestClientCustomizer.class, () -> (builder) -> builder.defaultHeader("X-Boot", "yes"));

	private WireMockServer server;

	@BeforeEach
	void resetServer() {
		this.server = FakeProviderServer.reset();
		this.server.stubFor(any(anyUrl()).willReturn(okJson(ANSWER)));
	}

	@Test
	void withNothingSetTheProvidersCallApacheHttpClient5WithoutRestClient(CapturedOutput output) {
		this.contextRunner.run((context) -> {
			assertThat(context.getBean(OpenAiProvider.class).chat("Hello").text()).isEqualTo("Hi");
			this.server.verify(1, postRequestedFor(urlEqualTo("/v1/chat/completions")).withoutHeader("X-Boot")
				.withHeader("Authorization", equalTo("Bearer sk-test-openai-0001")));
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			assertThat(registry.get("api.calls").tags("outcome", "success", "status", "200").counter().count())
				.isEqualTo(1);
			assertThat(registry.find("http.client.requests").meters()).isEmpty();
			assertThat(output).doesNotContain(FALLBACK).doesNotContain("do not apply");
		});
	}

	@Test
	void withNothingSetAndRestClientCustomizersTheProvidersKeepRestClientAndSayWhy(CapturedOutput output) {
		Logger logger = (Logger) LoggerFactory.getLogger(LlmProviderAutoConfiguration.class);
		Level level = logger.getLevel();
		logger.setLevel(Level.INFO);
		try {
			keepsRestClientAndSaysWhy(output);
		}
		finally {
			logger.setLevel(level);
		}
	}

	private void keepsRestClientAndSaysWhy(CapturedOutput output) {
		this.contextRunner
			.withBean(LlmProviderRestClientCustomizer.class,
					() -> (name, builder) -> builder.defaultHeader("X-Provider", name))
			.run((context) -> {
				assertThat(context.getBean(OpenAiProvider.class).chat("Hello").text()).isEqualTo("Hi");
				this.server.verify(1, postRequestedFor(urlEqualTo("/v1/chat/completions"))
					.withHeader("X-Boot", equalTo("yes"))
					.withHeader("X-Provider", equalTo("openai")));
				assertThat(context.getBean(MeterRegistry.class).find("http.client.requests").meters()).hasSize(1);
				assertThat(output).contains("INFO").contains(FALLBACK).doesNotContain("do not apply");
			});
	}

	@Test
	void anExplicitClientIsKeptWithRestClientCustomizers(CapturedOutput output) {
		this.contextRunner.withPropertyValues("paracle.http.client=rest-client")
			.withBean(LlmProviderRestClientCustomizer.class,
					() -> (name, builder) -> builder.defaultHeader("X-Provider", name))
			.run((context) -> {
				context.getBean(OpenAiProvider.class).chat("Hello");
				this.server.verify(1, postRequestedFor(urlEqualTo("/v1/chat/completions"))
					.withHeader("X-Provider", equalTo("openai")));
				assertThat(output).doesNotContain(FALLBACK);
			});
	}

	@Test
	void withoutHttpClient5NothingSetMeansRestClient() {
		this.contextRunner.withClassLoader(new FilteredClassLoader("org.apache.hc.client5")).run((context) -> {
			assertThat(context.getBean(OpenAiProvider.class).chat("Hello").text()).isEqualTo("Hi");
			this.server.verify(1, postRequestedFor(urlEqualTo("/v1/chat/completions"))
				.withHeader("X-Boot", equalTo("yes")));
			assertThat(context.getBean(MeterRegistry.class).find("http.client.requests").meters()).hasSize(1);
		});
	}

}
