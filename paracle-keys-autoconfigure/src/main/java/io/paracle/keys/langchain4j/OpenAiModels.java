package io.paracle.keys.langchain4j;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.openai.OpenAiChatModel;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;

/**
 * LangChain4j's OpenAI models (langchain4j-open-ai), for OpenAI and every OpenAI-compatible provider through its
 * base URL. Loaded only when the module is present.
 *
 * @author paracle-keys
 */
final class OpenAiModels {

	static final String CHAT_MODEL = "dev.langchain4j.model.openai.OpenAiChatModel";

	static final String STREAMING_CHAT_MODEL = "dev.langchain4j.model.openai.OpenAiStreamingChatModel";

	private OpenAiModels() {
	}

	static ChatModel chatModel(ModelSettings settings) {
		return OpenAiChatModel.builder()
			.httpClientBuilder(settings.httpClientBuilder())
			.baseUrl(settings.baseUrl())
			.apiKey(ParacleLangChain4j.API_KEY_PLACEHOLDER)
			.modelName(settings.model())
			.maxRetries(0)
			.logRequests(settings.logRequests())
			.logResponses(settings.logResponses())
			.listeners(settings.listeners())
			.build();
	}

	static StreamingChatModel streamingChatModel(ModelSettings settings) {
		return OpenAiStreamingChatModel.builder()
			.httpClientBuilder(settings.httpClientBuilder())
			.baseUrl(settings.baseUrl())
			.apiKey(ParacleLangChain4j.API_KEY_PLACEHOLDER)
			.modelName(settings.model())
			.logRequests(settings.logRequests())
			.logResponses(settings.logResponses())
			.listeners(settings.listeners())
			.build();
	}

}
