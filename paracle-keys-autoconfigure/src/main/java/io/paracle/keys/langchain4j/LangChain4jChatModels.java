package io.paracle.keys.langchain4j;

import java.util.List;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.listener.ChatModelListener;
import io.paracle.keys.provider.client.AbstractLlmProvider;

/**
 * Builds the LangChain4j model beans of the provider configurations with LangChain4j's own builders: the
 * configuration's base URL and default model, paracle's HTTP client (the configuration's timeouts, its keys per
 * request), the placeholder key, LangChain4j's retries off ({@code maxRetries(0)}: the configuration's
 * {@code max-retries} and key failover apply once), logging as {@code paracle.langchain4j.chat-models.*} says,
 * and the application's {@link ChatModelListener} beans.
 *
 * @author paracle-keys
 */
final class LangChain4jChatModels {

	private final ParacleLangChain4j paracle;

	private final ParacleLangChain4jProperties.ChatModels properties;

	private final List<ChatModelListener> listeners;

	LangChain4jChatModels(ParacleLangChain4j paracle, ParacleLangChain4jProperties.ChatModels properties,
			List<ChatModelListener> listeners) {
		this.paracle = paracle;
		this.properties = properties;
		this.listeners = List.copyOf(listeners);
	}

	ChatModel chatModel(String name, LangChain4jModule module) {
		ModelSettings settings = settings(name);
		return switch (module) {
			case OPEN_AI -> OpenAiModels.chatModel(settings);
			case ANTHROPIC -> AnthropicModels.chatModel(settings);
			case GEMINI -> GeminiModels.chatModel(settings);
		};
	}

	StreamingChatModel streamingChatModel(String name, LangChain4jModule module) {
		ModelSettings settings = settings(name);
		return switch (module) {
			case OPEN_AI -> OpenAiModels.streamingChatModel(settings);
			case ANTHROPIC -> AnthropicModels.streamingChatModel(settings);
			case GEMINI -> GeminiModels.streamingChatModel(settings);
		};
	}

	private ModelSettings settings(String name) {
		AbstractLlmProvider provider = this.paracle.provider(name);
		String baseUrl = provider.context().baseUrl();
		if (baseUrl == null) {
			throw new IllegalStateException("Provider '" + name + "' has no base URL; set paracle.providers." + name
					+ ".base-url");
		}
		return new ModelSettings(baseUrl, provider.context().defaultModel(), this.paracle.builder(name, true),
				this.properties.isLogRequests(), this.properties.isLogResponses(), this.listeners);
	}

}
