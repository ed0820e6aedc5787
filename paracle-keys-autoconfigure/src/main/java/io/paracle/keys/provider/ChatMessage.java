package io.paracle.keys.provider;

import org.springframework.util.Assert;

/**
 * One message of a conversation.
 *
 * @param role who wrote it
 * @param content the text
 * @author paracle-keys
 */
public record ChatMessage(ChatRole role, String content) {

	/**
	 * Create a message.
	 * @param role who wrote it
	 * @param content the text
	 */
	public ChatMessage {
		Assert.notNull(role, "'role' must not be null");
		Assert.notNull(content, "'content' must not be null");
	}

	/**
	 * Create a system message.
	 * @param content the instructions
	 * @return the message
	 */
	public static ChatMessage system(String content) {
		return new ChatMessage(ChatRole.SYSTEM, content);
	}

	/**
	 * Create a user message.
	 * @param content the text
	 * @return the message
	 */
	public static ChatMessage user(String content) {
		return new ChatMessage(ChatRole.USER, content);
	}

	/**
	 * Create an assistant message.
	 * @param content the text
	 * @return the message
	 */
	public static ChatMessage assistant(String content) {
		return new ChatMessage(ChatRole.ASSISTANT, content);
	}

}
