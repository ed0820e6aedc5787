package io.paracle.keys.springai;

import io.micrometer.observation.ObservationRegistry;
import io.paracle.keys.provider.client.LlmProviderContext;
import okhttp3.Interceptor;

import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.model.tool.ToolCallingManager;
import org.springframework.ai.openai.OpenAiChatModel;
import org.springframework.ai.openai.OpenAiChatOptions;
import org.springframework.beans.factory.ObjectProvider;

/**
 * Builds Spring AI's {@link OpenAiChatModel} for a paracle configuration of an OpenAI-compatible provider
 * (OpenAI, Groq, DeepSeek, Mistral, xAI, ... through their base URL): its base URL and default model, the SDK's
 * retries off, and every request through the configuration's {@link ParacleKeyInterceptor}.
 *
 * @author paracle-keys
 */
final class OpenAiChatModels {

	private OpenAiChatModels() {
	}

	static Class<?> type() {
		return OpenAiChatModel.class;
	}

	static ChatModel create(LlmProviderContext context, Interceptor interceptor,
			ObjectProvider<ToolCallingManager> toolCallingManager, ObservationRegistry observationRegistry) {
		OpenAiChatOptions options = OpenAiChatOptions.builder()
			.baseUrl(ChatModelSettings.baseUrl(context))
			.apiKey(ChatModelSettings.PLACEHOLDER_KEY)
			.model(context.defaultModel())
			.timeout(context.readTimeout())
			.maxRetries(0)
			.build();
		OpenAiChatModel.Builder builder = OpenAiChatModel.builder()
			.options(options)
			.observationRegistry(observationRegistry)
			.httpClientBuilderCustomizer((http) -> http.interceptor(interceptor));
		toolCallingManager.ifAvailable(builder::toolCallingManager);
		return builder.build();
	}

}
