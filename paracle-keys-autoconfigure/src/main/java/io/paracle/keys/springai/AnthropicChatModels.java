package io.paracle.keys.springai;

import io.micrometer.observation.ObservationRegistry;
import io.paracle.keys.provider.client.LlmProviderContext;
import okhttp3.Interceptor;

import org.springframework.ai.anthropic.AnthropicChatModel;
import org.springframework.ai.anthropic.AnthropicChatOptions;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.model.tool.ToolCallingManager;
import org.springframework.beans.factory.ObjectProvider;

/**
 * Builds Spring AI's {@link AnthropicChatModel} for a paracle configuration of type {@code anthropic}: its base
 * URL and default model, the SDK's retries off, and every request through the configuration's
 * {@link ParacleKeyInterceptor}.
 *
 * @author paracle-keys
 */
final class AnthropicChatModels {

	private AnthropicChatModels() {
	}

	static Class<?> type() {
		return AnthropicChatModel.class;
	}

	static ChatModel create(LlmProviderContext context, Interceptor interceptor,
			ObjectProvider<ToolCallingManager> toolCallingManager, ObservationRegistry observationRegistry) {
		AnthropicChatOptions options = AnthropicChatOptions.builder()
			.baseUrl(ChatModelSettings.baseUrl(context))
			.apiKey(ChatModelSettings.PLACEHOLDER_KEY)
			.model(context.defaultModel())
			.timeout(context.readTimeout())
			.maxRetries(0)
			.build();
		AnthropicChatModel.Builder builder = AnthropicChatModel.builder()
			.options(options)
			.observationRegistry(observationRegistry)
			.httpClientBuilderCustomizer((http) -> http.interceptor(interceptor));
		toolCallingManager.ifAvailable(builder::toolCallingManager);
		return builder.build();
	}

}
