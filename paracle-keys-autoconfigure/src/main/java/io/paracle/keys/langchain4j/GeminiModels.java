package io.paracle.keys.langchain4j;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.googleai.GoogleAiGeminiChatModel;
import dev.langchain4j.model.googleai.GoogleAiGeminiStreamingChatModel;

/**
 * LangChain4j's Gemini models (langchain4j-google-ai-gemini), on the configuration's base URL plus
 * {@code /v1beta}; the key travels in {@code x-goog-api-key}, never in the URL. Loaded only when the module is
 * present.
 *
 * @author paracle-keys
 */
final class GeminiModels {

	static final String CHAT_MODEL = "dev.langchain4j.model.googleai.GoogleAiGeminiChatModel";

	static final String STREAMING_CHAT_MODEL = "dev.langchain4j.model.googleai.GoogleAiGeminiStreamingChatModel";

	private GeminiModels() {
	}

	static ChatModel chatModel(ModelSettings settings) {
		return GoogleAiGeminiChatModel.builder()
			.httpClientBuilder(settings.httpClientBuilder())
			.baseUrl(settings.baseUrl() + "/v1beta")
			.apiKey(ParacleLangChain4j.API_KEY_PLACEHOLDER)
			.modelName(settings.model())
			.maxRetries(0)
			.logRequests(settings.logRequests())
			.logResponses(settings.logResponses())
			.listeners(settings.listeners())
			.build();
	}

	static StreamingChatModel streamingChatModel(ModelSettings settings) {
		return GoogleAiGeminiStreamingChatModel.builder()
			.httpClientBuilder(settings.httpClientBuilder())
			.baseUrl(settings.baseUrl() + "/v1beta")
			.apiKey(ParacleLangChain4j.API_KEY_PLACEHOLDER)
			.modelName(settings.model())
			.logRequests(settings.logRequests())
			.logResponses(settings.logResponses())
			.listeners(settings.listeners())
			.build();
	}

}
