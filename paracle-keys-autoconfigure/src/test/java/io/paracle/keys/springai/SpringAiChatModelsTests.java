package io.paracle.keys.springai;

import java.util.Arrays;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.paracle.keys.autoconfigure.LlmProviderAutoConfiguration;
import io.paracle.keys.autoconfigure.ParacleKeysAutoConfiguration;
import io.paracle.keys.metrics.ApiCallMetricsAutoConfiguration;
import io.paracle.keys.testsupport.FailureAnalyses;
import io.paracle.keys.testsupport.FakeProviderServer;
import org.junit.jupiter.api.Test;

import org.springframework.ai.anthropic.AnthropicChatModel;
import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.model.anthropic.autoconfigure.AnthropicChatAutoConfiguration;
import org.springframework.ai.model.chat.client.autoconfigure.ChatClientAutoConfiguration;
import org.springframework.ai.model.openai.autoconfigure.OpenAiChatAutoConfiguration;
import org.springframework.ai.model.tool.autoconfigure.ToolCallingAutoConfiguration;
import org.springframework.ai.openai.OpenAiChatModel;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.paracle.keys.springai.SpringAiStubs.ANTHROPIC_ANSWER;
import static io.paracle.keys.springai.SpringAiStubs.OPENAI_ANSWER;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * One Spring AI chat model bean per paracle configuration (Spring AI's own {@code OpenAiChatModel} and
 * {@code AnthropicChatModel}, qualified by the configuration name), which one Spring AI's
 * {@code ChatClient.Builder} gets, the exact key header of each provider, and an application without Spring AI.
 */
class SpringAiChatModelsTests {

	private static final String OPENAI_KEY = "sk-springai-openai-0001";

	private static final String GROQ_KEY = "gsk_springai-groq-0002";

	private static final String TENANT_KEY = "sk-ant-springai-tenant-0003";

	private final WireMockServer server = FakeProviderServer.reset();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ParacleKeysAutoConfiguration.class,
				ApiCallMetricsAutoConfiguration.class, LlmProviderAutoConfiguration.class,
				ParacleSpringAiAutoConfiguration.class, ToolCallingAutoConfiguration.class,
				ChatClientAutoConfiguration.class))
		.withBean(SimpleMeterRegistry.class);

	private final String[] threeConfigurations = { "paracle.providers.openai.api-key=" + OPENAI_KEY,
			"paracle.providers.openai.base-url=" + FakeProviderServer.baseUrl() + "/v1",
			"paracle.providers.groq.api-key=" + GROQ_KEY,
			"paracle.providers.groq.base-url=" + FakeProviderServer.baseUrl() + "/groq/v1",
			"paracle.providers.groq.model=llama-3.3-70b-versatile", "paracle.providers.tenant-a.type=anthropic",
			"paracle.providers.tenant-a.api-key=" + TENANT_KEY,
			"paracle.providers.tenant-a.base-url=" + FakeProviderServer.baseUrl() + "/tenant-a" };

	@Test
	void threeConfigurationsGiveThreeQualifiedSpringAiModelsAndChatClientBuilderGetsTheOneNamedAfterItsProvider() {
		stubAll();
		this.contextRunner.withUserConfiguration(QualifiedInjection.class)
			.withPropertyValues(this.threeConfigurations)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBeansOfType(ChatModel.class)).containsOnlyKeys("openaiSpringAiChatModel",
						"groqSpringAiChatModel", "tenant-aSpringAiChatModel");
				assertThat(context.getBean("groqSpringAiChatModel")).isInstanceOf(OpenAiChatModel.class);
				assertThat(context.getBean("tenant-aSpringAiChatModel")).isInstanceOf(AnthropicChatModel.class);
				ChatClient.Builder builder = context.getBean(ChatClient.Builder.class);
				assertThat(builder.build().prompt("hello").call().content()).isEqualTo("ok");
				assertThat(onlyRequest()).satisfies((request) -> {
					assertThat(request.getUrl()).isEqualTo("/v1/chat/completions");
					assertThat(request.getHeaders().getHeader("Authorization").values())
						.containsExactly("Bearer " + OPENAI_KEY);
				});
				this.server.resetRequests();
				QualifiedInjection.Models models = context.getBean(QualifiedInjection.Models.class);
				assertThat(ChatClient.create(models.groq()).prompt("hello").call().content()).isEqualTo("ok");
				assertThat(onlyRequest()).satisfies((request) -> {
					assertThat(request.getUrl()).isEqualTo("/groq/v1/chat/completions");
					assertThat(request.getHeaders().getHeader("Authorization").values())
						.containsExactly("Bearer " + GROQ_KEY);
					assertThat(request.getBodyAsString()).contains("\"model\":\"llama-3.3-70b-versatile\"");
				});
				this.server.resetRequests();
				assertThat(ChatClient.create(models.tenantA()).prompt("hello").call().content()).isEqualTo("ok");
				assertThat(onlyRequest()).satisfies((request) -> {
					assertThat(request.getUrl()).isEqualTo("/tenant-a/v1/messages");
					assertThat(request.getHeaders().getHeader("x-api-key").values()).containsExactly(TENANT_KEY);
					assertThat(request.getHeaders().getHeader("anthropic-version").values())
						.containsExactly("2023-06-01");
					assertThat(request.getHeaders().getHeader("Authorization").isPresent()).isFalse();
				});
				MeterRegistry registry = context.getBean(MeterRegistry.class);
				assertThat(SpringAiOpenAiTests.calls(registry, "openai", "success")).isEqualTo(1);
				assertThat(SpringAiOpenAiTests.calls(registry, "groq", "success")).isEqualTo(1);
				assertThat(SpringAiOpenAiTests.calls(registry, "tenant-a", "success")).isEqualTo(1);
				assertThat(SpringAiOpenAiTests.tokens(registry, "tenant-a", "input")).isEqualTo(2);
				assertThat(SpringAiOpenAiTests.tokens(registry, "tenant-a", "output")).isEqualTo(1);
			});
	}

	@Test
	void primaryPropertyPicksTheModelChatClientBuilderGets() {
		stubAll();
		this.contextRunner.withPropertyValues(this.threeConfigurations)
			.withPropertyValues("paracle.spring-ai.chat-models.primary=groq")
			.run((context) -> {
				context.getBean(ChatClient.Builder.class).build().prompt("hello").call().content();
				assertThat(onlyRequest().getUrl()).isEqualTo("/groq/v1/chat/completions");
			});
	}

	@Test
	void springAiOwnAutoConfiguredModelStaysTheDefaultBesideTheNamedOnes() {
		stubAll();
		this.contextRunner.withConfiguration(AutoConfigurations.of(OpenAiChatAutoConfiguration.class))
			.withPropertyValues(this.threeConfigurations)
			.withPropertyValues("spring.ai.openai.base-url=" + FakeProviderServer.baseUrl() + "/spring-ai/v1")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBeansOfType(ChatModel.class)).containsOnlyKeys("openAiChatModel",
						"openaiSpringAiChatModel", "groqSpringAiChatModel", "tenant-aSpringAiChatModel");
				context.getBean(ChatClient.Builder.class).build().prompt("hello").call().content();
				assertThat(onlyRequest()).satisfies((request) -> {
					assertThat(request.getUrl()).isEqualTo("/spring-ai/v1/chat/completions");
					assertThat(request.getHeaders().getHeader("Authorization").values())
						.containsExactly("Bearer " + OPENAI_KEY);
				});
			});
	}

	@Test
	void springAiOwnAnthropicModelSendsTheParacleKeyAsXApiKey() {
		stubAll();
		this.contextRunner.withConfiguration(AutoConfigurations.of(AnthropicChatAutoConfiguration.class))
			.withPropertyValues("paracle.providers.anthropic.api-key=" + TENANT_KEY,
					"spring.ai.anthropic.base-url=" + FakeProviderServer.baseUrl() + "/tenant-a",
					"paracle.spring-ai.chat-models.enabled=false")
			.run((context) -> {
				assertThat(context.getBeansOfType(ChatModel.class)).containsOnlyKeys("anthropicChatModel");
				ChatModel model = context.getBean(AnthropicChatModel.class);
				assertThat(model.call("hello")).isEqualTo("ok");
				assertThat(onlyRequest()).satisfies((request) -> {
					assertThat(request.getHeaders().getHeader("x-api-key").values()).containsExactly(TENANT_KEY);
					assertThat(request.getHeaders().getHeader("anthropic-version").values())
						.containsExactly("2023-06-01");
				});
				assertThat(SpringAiOpenAiTests.calls(context.getBean(MeterRegistry.class), "anthropic", "success"))
					.isEqualTo(1);
			});
	}

	@Test
	void namedModelsCanBeSwitchedOff() {
		this.contextRunner.withPropertyValues(this.threeConfigurations)
			.withPropertyValues("paracle.spring-ai.chat-models.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(ChatModel.class)
				.hasSingleBean(SpringAiKeyInterceptors.class));
	}

	@Test
	void applicationWithoutSpringAiGetsNothingOfTheIntegration() {
		this.contextRunner.withClassLoader(new FilteredClassLoader("org.springframework.ai"))
			.withPropertyValues(this.threeConfigurations)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(Arrays.stream(context.getBeanDefinitionNames())
					.map((name) -> context.getBeanFactory().getBeanDefinition(name).getBeanClassName())
					.filter((type) -> type != null && type.startsWith("io.paracle.keys.springai"))).isEmpty();
				assertThat(context).doesNotHaveBean(SpringAiKeyInterceptors.class)
					.doesNotHaveBean("openaiSpringAiChatModel")
					.doesNotHaveBean("paracleChatModelRegistrar")
					.hasBean("openai");
			});
	}

	@Test
	void enabledProviderWithoutAnyKeyFailsStartupWithTheSameAnalysisAsParacleClients() {
		this.contextRunner.withConfiguration(AutoConfigurations.of(OpenAiChatAutoConfiguration.class))
			.withPropertyValues("paracle.providers.openai.enabled=true")
			.run((context) -> {
				assertThat(context).hasFailed();
				FailureAnalysis analysis = FailureAnalyses.of(context.getStartupFailure(),
						getClass().getClassLoader());
				assertThat(analysis.getDescription()).contains("paracle-keys found 1 problem with API keys")
					.contains("OPENAI_API_KEY not found");
			});
	}

	private void stubAll() {
		this.server.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(okJson(OPENAI_ANSWER)));
		this.server.stubFor(post(urlEqualTo("/spring-ai/v1/chat/completions")).willReturn(okJson(OPENAI_ANSWER)));
		this.server.stubFor(post(urlEqualTo("/groq/v1/chat/completions")).willReturn(okJson(OPENAI_ANSWER)));
		this.server.stubFor(post(urlEqualTo("/tenant-a/v1/messages")).willReturn(okJson(ANTHROPIC_ANSWER)));
	}

	private LoggedRequest onlyRequest() {
		return assertThat(this.server.findAll(anyRequestedFor(anyUrl()))).singleElement().actual();
	}

	@Configuration(proxyBeanMethods = false)
	static class QualifiedInjection {

		@Bean
		Models models(@Qualifier("groq") ChatModel groq, @Qualifier("tenant-a") ChatModel tenantA) {
			return new Models(groq, tenantA);
		}

		record Models(ChatModel groq, ChatModel tenantA) {

		}

	}

}
