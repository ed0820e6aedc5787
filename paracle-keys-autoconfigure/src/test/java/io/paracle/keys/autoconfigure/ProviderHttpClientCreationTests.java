package io.paracle.keys.autoconfigure;

import java.util.ArrayList;
import java.util.List;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.paracle.keys.provider.LlmProviderRestClientCustomizer;
import io.paracle.keys.provider.client.AnthropicProvider;
import io.paracle.keys.provider.client.OpenAiProvider;
import io.paracle.keys.testsupport.FakeProviderServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.restclient.RestClientCustomizer;
import org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * When the HTTP clients of the providers are built: on each provider's first call, from one Boot builder.
 */
class ProviderHttpClientCreationTests {

	private static final String ANSWER = """
			{"id":"chatcmpl-1","model":"gpt-4o-mini","choices":[{"index":0,"message":{"role":"assistant",
			 "content":"Hi"},"finish_reason":"stop"}],"usage":{"prompt_tokens":3,"completion_tokens":1}}""";

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ParacleKeysAutoConfiguration.class,
				LlmProviderAutoConfiguration.class, RestClientAutoConfiguration.class))
		.withPropertyValues("paracle.providers.openai.api-key=sk-test-openai-0001",
				"paracle.providers.openai.base-url=" + FakeProviderServer.baseUrl() + "/v1",
				"paracle.providers.anthropic.api-key=sk-ant-test-0001",
				"paracle.providers.anthropic.base-url=" + FakeProviderServer.baseUrl(),
				"paracle.http.client=rest-client");

	@BeforeEach
	void resetServer() {
		WireMockServer server = FakeProviderServer.reset();
		server.stubFor(any(anyUrl()).willReturn(okJson(ANSWER)));
	}

	@Test
	void eachProviderBuildsItsClientOnItsFirstCallFromOneBootBuilder() {
		List<String> customized = new ArrayList<>();
		List<Object> bootBuilders = new ArrayList<>();
		this.contextRunner.withBean(RestClientCustomizer.class, () -> bootBuilders::add)
			.withBean(LlmProviderRestClientCustomizer.class, () -> (name, builder) -> customized.add(name))
			.run((context) -> {
				assertThat(context).hasSingleBean(OpenAiProvider.class).hasSingleBean(AnthropicProvider.class);
				assertThat(customized).isEmpty();
				assertThat(bootBuilders).isEmpty();
				OpenAiProvider openAi = context.getBean(OpenAiProvider.class);
				assertThat(openAi.chat("Hello").text()).isEqualTo("Hi");
				assertThat(openAi.chat("Hello again").text()).isEqualTo("Hi");
				assertThat(customized).containsExactly("openai");
				context.getBean(AnthropicProvider.class).listModels();
				assertThat(customized).containsExactly("openai", "anthropic");
				assertThat(bootBuilders).hasSize(1);
			});
	}

}
