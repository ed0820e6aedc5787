package io.paracle.keys.langchain4j;

import dev.langchain4j.model.anthropic.AnthropicChatModel;
import dev.langchain4j.model.anthropic.AnthropicStreamingChatModel;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;

/**
 * LangChain4j's Anthropic models (langchain4j-anthropic), on the configuration's base URL plus {@code /v1}.
 * Loaded only when the module is present.
 *
 * @author paracle-keys
 */
final class AnthropicModels {

	static final String CHAT_MODEL = "dev.langchain4j.model.anthropic.AnthropicChatModel";

	static final String STREAMING_CHAT_MODEL = "dev.langchain4j.model.anthropic.AnthropicStreamingChatModel";

	private AnthropicModels() {
	}

	static ChatModel chatModel(ModelSettings settings) {
		return AnthropicChatModel.builder()
			.httpClientBuilder(settings.httpClientBuilder())
			.baseUrl(settings.baseUrl() + "/v1")
			.apiKey(ParacleLangChain4j.API_KEY_PLACEHOLDER)
			.modelName(settings.model())
			.maxRetries(0)
			.logRequests(settings.logRequests())
			.logResponses(settings.logResponses())
			.listeners(settings.listeners())
			.build();
	}

	static StreamingChatModel streamingChatModel(ModelSettings settings) {
		return AnthropicStreamingChatModel.builder()
			.httpClientBuilder(settings.httpClientBuilder())
			.baseUrl(settings.baseUrl() + "/v1")
			.apiKey(ParacleLangChain4j.API_KEY_PLACEHOLDER)
			.modelName(settings.model())
			.logRequests(settings.logRequests())
			.logResponses(settings.logResponses())
			.listeners(settings.listeners())
			.build();
	}

}
