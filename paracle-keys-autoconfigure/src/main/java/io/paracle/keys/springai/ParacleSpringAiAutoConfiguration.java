package io.paracle.keys.springai;

import com.google.genai.Client;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.paracle.keys.catalog.ProviderCatalog;
import io.paracle.keys.provider.LlmProviders;
import io.paracle.keys.resolve.ProviderResolution;

import org.springframework.ai.anthropic.http.okhttp.AnthropicHttpClientBuilderCustomizer;
import org.springframework.ai.chat.observation.ChatModelMeterObservationHandler;
import org.springframework.ai.openai.http.okhttp.OpenAiHttpClientBuilderCustomizer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;
import org.springframework.util.StringUtils;

/**
 * Auto-configuration of Spring AI on paracle-keys: the HTTP requests of Spring AI's auto-configured OpenAI,
 * Anthropic and Google GenAI (Gemini) models carry the keys of the paracle configuration named after the provider
 * ({@code openai}, {@code anthropic}, {@code gemini}), and one Spring AI chat model bean per paracle configuration
 * ({@code paracle.spring-ai.chat-models.enabled}, default {@code true}). paracle's customizers come first, so
 * interceptors added by other customizers see each attempt with its key on (and are called once per attempt).
 * paracle counts the tokens of these calls; Spring AI's own token meter handler is replaced by one that records
 * nothing, so they are counted once.
 *
 * @author paracle-keys
 */
@AutoConfiguration(afterName = "io.paracle.keys.autoconfigure.LlmProviderAutoConfiguration",
		beforeName = { "org.springframework.ai.model.openai.autoconfigure.OpenAiChatAutoConfiguration",
				"org.springframework.ai.model.anthropic.autoconfigure.AnthropicChatAutoConfiguration",
				"org.springframework.ai.model.google.genai.autoconfigure.chat.GoogleGenAiChatAutoConfiguration",
				"org.springframework.ai.model.chat.client.autoconfigure.ChatClientAutoConfiguration",
				"org.springframework.ai.model.chat.observation.autoconfigure.ChatObservationAutoConfiguration" })
@ConditionalOnClass(name = { "org.springframework.ai.chat.model.ChatModel", "okhttp3.Interceptor" })
@Import({ ParacleSpringAiAutoConfiguration.OpenAiConfiguration.class,
		ParacleSpringAiAutoConfiguration.AnthropicConfiguration.class,
		ParacleSpringAiAutoConfiguration.GoogleGenAiConfiguration.class,
		ParacleSpringAiAutoConfiguration.ChatModelsConfiguration.class,
		ParacleSpringAiAutoConfiguration.TokenMeterConfiguration.class })
public final class ParacleSpringAiAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	SpringAiKeyInterceptors springAiKeyInterceptors(ObjectProvider<LlmProviders> providers) {
		return new SpringAiKeyInterceptors(providers);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "org.springframework.ai.openai.http.okhttp.OpenAiHttpClientBuilderCustomizer")
	@Import(OpenAiPropertiesConfiguration.class)
	static class OpenAiConfiguration {

		@Bean
		@Order(Ordered.HIGHEST_PRECEDENCE)
		OpenAiHttpClientBuilderCustomizer paracleOpenAiHttpClientBuilderCustomizer(
				SpringAiKeyInterceptors interceptors, ObjectProvider<ProviderResolution> resolution) {
			return (builder) -> {
				if (suppliesKeys(resolution, "openai")) {
					builder.interceptor(interceptors.forConfiguration("openai"));
				}
			};
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "org.springframework.ai.model.openai.autoconfigure.AbstractOpenAiProperties")
	static class OpenAiPropertiesConfiguration {

		@Bean
		static OpenAiConnectionDefaults paracleOpenAiConnectionDefaults() {
			return new OpenAiConnectionDefaults();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "org.springframework.ai.anthropic.http.okhttp.AnthropicHttpClientBuilderCustomizer")
	@Import(AnthropicPropertiesConfiguration.class)
	static class AnthropicConfiguration {

		@Bean
		@Order(Ordered.HIGHEST_PRECEDENCE)
		AnthropicHttpClientBuilderCustomizer paracleAnthropicHttpClientBuilderCustomizer(
				SpringAiKeyInterceptors interceptors, ObjectProvider<ProviderResolution> resolution) {
			return (builder) -> {
				if (suppliesKeys(resolution, "anthropic")) {
					builder.interceptor(interceptors.forConfiguration("anthropic"));
				}
			};
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(
			name = "org.springframework.ai.model.anthropic.autoconfigure.AnthropicConnectionProperties")
	static class AnthropicPropertiesConfiguration {

		@Bean
		static AnthropicConnectionDefaults paracleAnthropicConnectionDefaults() {
			return new AnthropicConnectionDefaults();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = { "com.google.genai.Client", "org.springframework.ai.google.genai.GoogleGenAiChatModel" })
	@Import(GoogleGenAiClientConfiguration.class)
	static class GoogleGenAiConfiguration {

		@Bean
		@ConditionalOnMissingBean
		GoogleGenAiClients googleGenAiClients(ConfigurableEnvironment environment,
				SpringAiKeyInterceptors interceptors, ObjectProvider<GoogleGenAiHttpClientCustomizer> customizers) {
			return new GoogleGenAiClients(environment, interceptors, customizers.orderedStream().toList());
		}

	}

	/**
	 * The SDK client of Spring AI's auto-configured Gemini model: Spring AI's
	 * {@code GoogleGenAiChatAutoConfiguration} builds its own {@code Client} only when there is none.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = { "com.google.genai.Client",
			"org.springframework.ai.model.google.genai.autoconfigure.chat.GoogleGenAiChatAutoConfiguration" })
	@Conditional(OnParacleGeminiClientCondition.class)
	static class GoogleGenAiClientConfiguration {

		private static final String API_KEY_PROPERTY = "spring.ai.google.genai.api-key";

		@Bean
		@ConditionalOnMissingBean
		Client paracleGoogleGenAiClient(GoogleGenAiClients clients, Environment environment) {
			// Spring AI builds no client of its own now: no placeholder key, no SDK retry property to adjust
			if (StringUtils.hasText(environment.getProperty(API_KEY_PROPERTY))) {
				SpringAiConnectionDefaults.keyAlsoSet(API_KEY_PROPERTY, ProviderCatalog.GEMINI,
						"Google GenAI (Gemini)");
			}
			return clients.forConfiguration(ProviderCatalog.GEMINI);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnBooleanProperty(name = "paracle.spring-ai.chat-models.enabled", matchIfMissing = true)
	static class ChatModelsConfiguration {

		@Bean
		static ParacleChatModelRegistrar paracleChatModelRegistrar(ConfigurableEnvironment environment) {
			return new ParacleChatModelRegistrar(environment);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "org.springframework.ai.chat.observation.ChatModelMeterObservationHandler")
	static class TokenMeterConfiguration {

		@Bean
		@ConditionalOnMissingBean(ChatModelMeterObservationHandler.class)
		SpringAiTokenMeterHandler paracleSpringAiTokenMeterHandler(ObjectProvider<MeterRegistry> meterRegistry) {
			return new SpringAiTokenMeterHandler(meterRegistry.getIfAvailable(() -> Metrics.globalRegistry));
		}

	}

	private static boolean suppliesKeys(ObjectProvider<ProviderResolution> resolution, String configuration) {
		ProviderResolution current = resolution.getIfAvailable();
		return current != null && current.active().containsKey(configuration)
				&& current.active().get(configuration).isDefaultConfiguration();
	}

}
