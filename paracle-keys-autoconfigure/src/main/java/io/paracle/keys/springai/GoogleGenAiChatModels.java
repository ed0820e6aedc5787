package io.paracle.keys.springai;

import com.google.genai.Client;
import io.micrometer.observation.ObservationRegistry;
import io.paracle.keys.provider.client.LlmProviderContext;

import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.google.genai.GoogleGenAiChatModel;
import org.springframework.ai.google.genai.GoogleGenAiChatOptions;
import org.springframework.ai.model.tool.ToolCallingManager;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.core.retry.RetryPolicy;
import org.springframework.core.retry.RetryTemplate;

/**
 * Builds Spring AI's {@link GoogleGenAiChatModel} for a paracle configuration of type {@code gemini}: its
 * default model, the configuration's SDK client ({@link GoogleGenAiClients}: every request through the
 * configuration's {@link ParacleKeyInterceptor}, the SDK's retries off) and no Spring AI retries either (the
 * model's {@code RetryTemplate} would repeat a whole paracle call that already failed over every key).
 *
 * @author paracle-keys
 */
final class GoogleGenAiChatModels {

	private static final RetryTemplate NO_RETRIES = new RetryTemplate(RetryPolicy.withMaxRetries(0));

	private GoogleGenAiChatModels() {
	}

	static Class<?> type() {
		return GoogleGenAiChatModel.class;
	}

	static ChatModel create(LlmProviderContext context, Client client,
			ObjectProvider<ToolCallingManager> toolCallingManager, ObservationRegistry observationRegistry) {
		GoogleGenAiChatModel.Builder builder = GoogleGenAiChatModel.builder()
			.genAiClient(client)
			.options(GoogleGenAiChatOptions.builder().model(context.defaultModel()).build())
			.retryTemplate(NO_RETRIES)
			.observationRegistry(observationRegistry);
		toolCallingManager.ifAvailable(builder::toolCallingManager);
		return builder.build();
	}

}
