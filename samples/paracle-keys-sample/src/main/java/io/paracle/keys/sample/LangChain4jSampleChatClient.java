package io.paracle.keys.sample;

import java.util.ArrayList;
import java.util.List;

import dev.langchain4j.data.message.AiMessage;
import dev.langchain4j.data.message.SystemMessage;
import dev.langchain4j.data.message.UserMessage;
import dev.langchain4j.exception.LangChain4jException;
import dev.langchain4j.http.client.SuccessfulHttpResponse;
import dev.langchain4j.model.anthropic.AnthropicChatResponseMetadata;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.request.ChatRequestParameters;
import dev.langchain4j.model.chat.response.ChatResponseMetadata;
import dev.langchain4j.model.openai.OpenAiChatResponseMetadata;
import dev.langchain4j.model.output.TokenUsage;
import io.paracle.keys.langchain4j.ParacleLangChain4j;
import io.paracle.keys.provider.ChatMessage;
import io.paracle.keys.provider.ChatRequest;
import io.paracle.keys.provider.ChatResponse;
import io.paracle.keys.provider.LlmProviderException;
import io.paracle.keys.resilience.KeyPools;
import io.paracle.keys.resilience.LastCall;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.NoSuchBeanDefinitionException;
import org.springframework.stereotype.Component;

/**
 * The test route through LangChain4j ({@code ?client=langchain4j}): the LangChain4j {@code ChatModel} bean the
 * starter made for the configuration ({@code <name>ChatModel}) answers; paracle's pool picks its key per request.
 * The fingerprint comes from the answer's {@code Paracle-Key-Fingerprint} header where the model exposes its raw
 * answer (OpenAI and OpenAI-compatible, Anthropic), else from the configuration's last call.
 *
 * @author paracle-keys
 */
@Component
class LangChain4jSampleChatClient implements SampleChatClient {

	private final BeanFactory beans;

	private final KeyPools keyPools;

	LangChain4jSampleChatClient(BeanFactory beans, KeyPools keyPools) {
		this.beans = beans;
		this.keyPools = keyPools;
	}

	@Override
	public String name() {
		return "langchain4j";
	}

	@Override
	public ChatResponse chat(String configuration, ChatRequest request) {
		ChatModel model;
		try {
			model = this.beans.getBean(configuration + "LangChain4jChatModel", ChatModel.class);
		}
		catch (NoSuchBeanDefinitionException ex) {
			throw new BadMessageException("Provider '" + configuration + "' has no LangChain4j ChatModel: its "
					+ "provider has no LangChain4j module in this sample (OpenAI and OpenAI-compatible, Anthropic "
					+ "and Gemini have one).");
		}
		dev.langchain4j.model.chat.response.ChatResponse response;
		try {
			response = model.chat(langChain4jRequest(request));
		}
		catch (LangChain4jException ex) {
			// paracle's own exception travels with LangChain4j's: the sample's error answers stay the same
			LlmProviderException paracle = paracleException(ex);
			throw (paracle != null) ? paracle : ex;
		}
		TokenUsage usage = response.tokenUsage();
		return new ChatResponse(response.aiMessage().text(),
				(response.finishReason() != null) ? response.finishReason().name().toLowerCase() : null,
				(usage != null && usage.inputTokenCount() != null) ? usage.inputTokenCount() : 0,
				(usage != null && usage.outputTokenCount() != null) ? usage.outputTokenCount() : 0, response.id(),
				response.modelName(), fingerprint(configuration, response.metadata()));
	}

	private static dev.langchain4j.model.chat.request.ChatRequest langChain4jRequest(ChatRequest request) {
		List<dev.langchain4j.data.message.ChatMessage> messages = new ArrayList<>();
		for (ChatMessage message : request.messages()) {
			messages.add(switch (message.role()) {
				case SYSTEM -> SystemMessage.from(message.content());
				case ASSISTANT -> AiMessage.from(message.content());
				default -> UserMessage.from(message.content());
			});
		}
		return dev.langchain4j.model.chat.request.ChatRequest.builder()
			.messages(messages)
			.parameters(ChatRequestParameters.builder()
				.modelName(request.model())
				.temperature(request.temperature())
				.maxOutputTokens(request.maxTokens())
				.build())
			.build();
	}

	private @Nullable String fingerprint(String configuration, @Nullable ChatResponseMetadata metadata) {
		SuccessfulHttpResponse raw = null;
		if (metadata instanceof OpenAiChatResponseMetadata openAi) {
			raw = openAi.rawHttpResponse();
		}
		else if (metadata instanceof AnthropicChatResponseMetadata anthropic) {
			raw = anthropic.rawHttpResponse();
		}
		List<String> values = (raw != null) ? raw.headers().get(ParacleLangChain4j.KEY_FINGERPRINT_HEADER) : null;
		if (values != null && !values.isEmpty()) {
			return values.get(0);
		}
		LastCall last = this.keyPools.lastCall(configuration);
		return (last != null) ? last.fingerprint() : null;
	}

	private static @Nullable LlmProviderException paracleException(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof LlmProviderException paracle) {
				return paracle;
			}
			for (Throwable suppressed : cause.getSuppressed()) {
				if (suppressed instanceof LlmProviderException paracle) {
					return paracle;
				}
			}
		}
		return null;
	}

}
