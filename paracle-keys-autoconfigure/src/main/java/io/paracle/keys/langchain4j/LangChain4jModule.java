package io.paracle.keys.langchain4j;

import io.paracle.keys.catalog.WireFormat;
import org.jspecify.annotations.Nullable;

import org.springframework.util.ClassUtils;

/**
 * The LangChain4j module that speaks a provider's wire format, and its model classes (named, so that a module that
 * is absent is never loaded). Azure OpenAI, Cohere and Bedrock have no module here: LangChain4j's Azure and
 * Bedrock models call their vendors' SDKs, not an {@code HttpClientBuilder}.
 *
 * @author paracle-keys
 */
enum LangChain4jModule {

	/** langchain4j-open-ai: OpenAI and every OpenAI-compatible provider. */
	OPEN_AI(WireFormat.OPENAI, OpenAiModels.CHAT_MODEL, OpenAiModels.STREAMING_CHAT_MODEL),

	/** langchain4j-anthropic. */
	ANTHROPIC(WireFormat.ANTHROPIC, AnthropicModels.CHAT_MODEL, AnthropicModels.STREAMING_CHAT_MODEL),

	/** langchain4j-google-ai-gemini. */
	GEMINI(WireFormat.GEMINI, GeminiModels.CHAT_MODEL, GeminiModels.STREAMING_CHAT_MODEL);

	private final WireFormat wireFormat;

	private final String chatModelClass;

	private final String streamingChatModelClass;

	LangChain4jModule(WireFormat wireFormat, String chatModelClass, String streamingChatModelClass) {
		this.wireFormat = wireFormat;
		this.chatModelClass = chatModelClass;
		this.streamingChatModelClass = streamingChatModelClass;
	}

	String chatModelClass() {
		return this.chatModelClass;
	}

	String streamingChatModelClass() {
		return this.streamingChatModelClass;
	}

	/**
	 * Return the module for a wire format when it is on the class path.
	 * @param wireFormat the provider's wire format
	 * @param classLoader the class loader to look in
	 * @return the module, or {@code null} when none speaks the format or it is absent
	 */
	static @Nullable LangChain4jModule present(WireFormat wireFormat, @Nullable ClassLoader classLoader) {
		for (LangChain4jModule module : values()) {
			if (module.wireFormat == wireFormat && ClassUtils.isPresent(module.chatModelClass, classLoader)) {
				return module;
			}
		}
		return null;
	}

}
