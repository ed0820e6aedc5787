package io.paracle.keys.langchain4j;

import dev.langchain4j.model.anthropic.AnthropicChatModel;
import dev.langchain4j.model.anthropic.AnthropicStreamingChatModel;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.googleai.GoogleAiGeminiChatModel;
import dev.langchain4j.model.googleai.GoogleAiGeminiStreamingChatModel;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import io.paracle.keys.autoconfigure.LlmProviderAutoConfiguration;
import io.paracle.keys.autoconfigure.ParacleKeysAutoConfiguration;
import io.paracle.keys.provider.client.GroqProvider;
import io.paracle.keys.provider.client.OpenAiProvider;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which LangChain4j beans exist: a ChatModel and a StreamingChatModel per provider configuration a LangChain4j
 * module speaks, qualified by the configuration name; none without LangChain4j, none when switched off; a user's
 * bean wins.
 */
class ParacleLangChain4jAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ParacleKeysAutoConfiguration.class,
				LlmProviderAutoConfiguration.class, ParacleLangChain4jAutoConfiguration.class))
		.withPropertyValues("paracle.keys.dotenv.enabled=false", "paracle.providers.openai.api-key=sk-test-openai-0001",
				"paracle.providers.anthropic.api-key=sk-ant-test-0002", "paracle.providers.gemini.api-key=AIzaTest0003",
				"paracle.providers.groq.api-key=gsk_test0004", "paracle.providers.cohere.api-key=cohere-test-0005",
				"paracle.providers.openai-eu.type=openai", "paracle.providers.openai-eu.api-key=sk-test-eu-0006",
				"paracle.providers.openai-eu.base-url=https://eu.api.openai.com/v1");

	@Test
	void everyConfigurationALangChain4jModuleSpeaksGetsAChatModelAndAStreamingChatModel() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(ParacleLangChain4j.class);
			assertThat(context.getBean("openaiLangChain4jChatModel")).isInstanceOf(OpenAiChatModel.class);
			assertThat(context.getBean("openaiLangChain4jStreamingChatModel")).isInstanceOf(OpenAiStreamingChatModel.class);
			assertThat(context.getBean("openai-euLangChain4jChatModel")).isInstanceOf(OpenAiChatModel.class);
			assertThat(context.getBean("groqLangChain4jChatModel")).isInstanceOf(OpenAiChatModel.class);
			assertThat(context.getBean("anthropicLangChain4jChatModel")).isInstanceOf(AnthropicChatModel.class);
			assertThat(context.getBean("anthropicLangChain4jStreamingChatModel")).isInstanceOf(AnthropicStreamingChatModel.class);
			assertThat(context.getBean("geminiLangChain4jChatModel")).isInstanceOf(GoogleAiGeminiChatModel.class);
			assertThat(context.getBean("geminiLangChain4jStreamingChatModel"))
				.isInstanceOf(GoogleAiGeminiStreamingChatModel.class);
			assertThat(context.getBeansOfType(ChatModel.class)).containsOnlyKeys("openaiLangChain4jChatModel",
					"openai-euLangChain4jChatModel", "groqLangChain4jChatModel", "anthropicLangChain4jChatModel", "geminiLangChain4jChatModel");
			assertThat(context.getBeansOfType(StreamingChatModel.class)).hasSize(5);
		});
	}

	@Test
	void theModelsAreInjectedByConfigurationName() {
		this.contextRunner.withUserConfiguration(QualifiedUser.class).run((context) -> {
			QualifiedUser.Models models = context.getBean(QualifiedUser.Models.class);
			assertThat(models.anthropic()).isSameAs(context.getBean("anthropicLangChain4jChatModel"));
			assertThat(models.openAiEu()).isSameAs(context.getBean("openai-euLangChain4jChatModel"));
			assertThat(models.geminiStreaming()).isSameAs(context.getBean("geminiLangChain4jStreamingChatModel"));
		});
	}

	@Test
	void withoutLangChain4jNothingOfTheIntegrationLoadsAndTheProvidersAreUnchanged() {
		this.contextRunner.withClassLoader(new FilteredClassLoader("dev.langchain4j")).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context).doesNotHaveBean(ParacleLangChain4j.class);
			assertThat(context).doesNotHaveBean(LangChain4jChatModels.class);
			assertThat(context).doesNotHaveBean("openaiLangChain4jChatModel");
			assertThat(context).doesNotHaveBean(ParacleLangChain4jProperties.class);
			assertThat(context).hasSingleBean(GroqProvider.class);
			assertThat(context.getBean("openai")).isInstanceOf(OpenAiProvider.class);
		});
	}

	@Test
	void withoutAProviderModuleItsConfigurationsGetNoModel() {
		this.contextRunner.withClassLoader(new FilteredClassLoader("dev.langchain4j.model.anthropic"))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context).doesNotHaveBean("anthropicLangChain4jChatModel");
				assertThat(context).doesNotHaveBean("anthropicLangChain4jStreamingChatModel");
				assertThat(context).hasBean("openaiLangChain4jChatModel").hasBean("geminiLangChain4jChatModel");
			});
	}

	@Test
	void theModelBeansCanBeSwitchedOffKeepingTheHelper() {
		this.contextRunner.withPropertyValues("paracle.langchain4j.chat-models.enabled=false").run((context) -> {
			assertThat(context).hasSingleBean(ParacleLangChain4j.class);
			assertThat(context).doesNotHaveBean(ChatModel.class);
			assertThat(context).doesNotHaveBean(StreamingChatModel.class);
		});
	}

	@Test
	void aUsersBeanOfTheSameNameWins() {
		ChatModel own = OpenAiChatModel.builder().apiKey("unused").modelName("own").build();
		this.contextRunner.withBean("openaiLangChain4jChatModel", ChatModel.class, () -> own).run((context) -> {
			assertThat(context.getBean("openaiLangChain4jChatModel")).isSameAs(own);
			assertThat(context).hasBean("openaiLangChain4jStreamingChatModel");
		});
	}

	@Test
	void aUsersHelperWins() {
		this.contextRunner.withUserConfiguration(OwnHelper.class)
			.run((context) -> assertThat(context.getBean(ParacleLangChain4j.class))
				.isSameAs(context.getBean("ownParacleLangChain4j")));
	}

	@Configuration(proxyBeanMethods = false)
	static class QualifiedUser {

		@Bean
		Models models(@Qualifier("anthropic") ChatModel anthropic, @Qualifier("openai-eu") ChatModel openAiEu,
				@Qualifier("gemini") StreamingChatModel geminiStreaming) {
			return new Models(anthropic, openAiEu, geminiStreaming);
		}

		record Models(ChatModel anthropic, ChatModel openAiEu, StreamingChatModel geminiStreaming) {

		}

	}

	@Configuration(proxyBeanMethods = false)
	static class OwnHelper {

		@Bean
		ParacleLangChain4j ownParacleLangChain4j(io.paracle.keys.provider.LlmProviders providers) {
			return new ParacleLangChain4j(providers, 1024);
		}

	}

}
