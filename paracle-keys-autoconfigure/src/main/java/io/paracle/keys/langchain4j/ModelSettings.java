package io.paracle.keys.langchain4j;

import java.util.List;

import dev.langchain4j.http.client.HttpClientBuilder;
import dev.langchain4j.model.chat.listener.ChatModelListener;

/**
 * What every LangChain4j model bean of one provider configuration is built with.
 *
 * @param baseUrl the configuration's base URL (without trailing slash)
 * @param model the configuration's default model
 * @param httpClientBuilder paracle's HTTP client builder of the configuration, with fixed timeouts
 * @param logRequests whether the model logs its requests
 * @param logResponses whether the model logs its responses
 * @param listeners the application's chat model listeners
 * @author paracle-keys
 */
record ModelSettings(String baseUrl, String model, HttpClientBuilder httpClientBuilder, boolean logRequests,
		boolean logResponses, List<ChatModelListener> listeners) {

}
