package io.paracle.keys.sample;

import java.util.List;

import io.paracle.keys.provider.ChatMessage;
import io.paracle.keys.provider.ChatRequest;
import io.paracle.keys.provider.ChatResponse;
import io.paracle.keys.springai.SpringAiKeyInterceptors;

import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.chat.messages.AssistantMessage;
import org.springframework.ai.chat.messages.Message;
import org.springframework.ai.chat.messages.SystemMessage;
import org.springframework.ai.chat.messages.UserMessage;
import org.springframework.ai.chat.metadata.ChatResponseMetadata;
import org.springframework.ai.chat.metadata.Usage;
import org.springframework.ai.chat.model.ChatModel;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.NoSuchBeanDefinitionException;
import org.springframework.beans.factory.annotation.BeanFactoryAnnotationUtils;
import org.springframework.stereotype.Component;

/**
 * The test route through Spring AI ({@code ?client=spring-ai}): Spring AI's {@link ChatClient} over the Spring AI
 * chat model paracle registered for the configuration ({@code @Qualifier("<configuration>") ChatModel}), so the
 * key of each request comes from paracle's key pool. The reply carries the fingerprint of the key that answered.
 *
 * @author paracle-keys
 */
@Component
class SpringAiSampleChatClient implements SampleChatClient {

	private final ListableBeanFactory beanFactory;

	private final SpringAiKeyInterceptors interceptors;

	SpringAiSampleChatClient(ListableBeanFactory beanFactory, SpringAiKeyInterceptors interceptors) {
		this.beanFactory = beanFactory;
		this.interceptors = interceptors;
	}

	@Override
	public String name() {
		return "spring-ai";
	}

	@Override
	public ChatResponse chat(String configuration, ChatRequest request) {
		ChatModel model = model(configuration);
		org.springframework.ai.chat.model.ChatResponse response = ChatClient.create(model)
			.prompt()
			.messages(messages(request.messages()))
			.call()
			.chatResponse();
		String fingerprint = this.interceptors.lastFingerprint();
		if (response == null || response.getResult() == null) {
			return new ChatResponse("", null, 0, 0, null, "", fingerprint);
		}
		ChatResponseMetadata metadata = response.getMetadata();
		Usage usage = metadata.getUsage();
		String text = response.getResult().getOutput().getText();
		return new ChatResponse((text != null) ? text : "", response.getResult().getMetadata().getFinishReason(),
				tokens(usage.getPromptTokens()), tokens(usage.getCompletionTokens()), metadata.getId(),
				metadata.getModel(), fingerprint);
	}

	private ChatModel model(String configuration) {
		try {
			return BeanFactoryAnnotationUtils.qualifiedBeanOfType(this.beanFactory, ChatModel.class, configuration);
		}
		catch (NoSuchBeanDefinitionException ex) {
			throw new BadMessageException("Configuration '" + configuration + "' has no Spring AI chat model: "
					+ "paracle registers one for OpenAI-compatible and Anthropic configurations "
					+ "(paracle.spring-ai.chat-models.enabled). Use the default client (no ?client=) for it.");
		}
	}

	private static List<Message> messages(List<ChatMessage> messages) {
		return messages.stream().map(SpringAiSampleChatClient::message).toList();
	}

	private static Message message(ChatMessage message) {
		return switch (message.role()) {
			case SYSTEM -> new SystemMessage(message.content());
			case ASSISTANT -> new AssistantMessage(message.content());
			default -> new UserMessage(message.content());
		};
	}

	private static long tokens(Integer tokens) {
		return (tokens != null) ? tokens : 0;
	}

}
