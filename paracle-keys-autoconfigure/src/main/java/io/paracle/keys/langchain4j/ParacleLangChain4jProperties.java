package io.paracle.keys.langchain4j;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Settings of the LangChain4j integration ({@code paracle.langchain4j.*}).
 *
 * @author paracle-keys
 */
@ConfigurationProperties("paracle.langchain4j")
public class ParacleLangChain4jProperties {

	private final ChatModels chatModels = new ChatModels();

	/**
	 * Return the settings of the {@code ChatModel} and {@code StreamingChatModel} beans.
	 * @return the settings
	 */
	public ChatModels getChatModels() {
		return this.chatModels;
	}

	/**
	 * Settings of the {@code ChatModel} and {@code StreamingChatModel} beans, one pair per provider configuration.
	 */
	public static class ChatModels {

		/**
		 * Whether to create a LangChain4j ChatModel and StreamingChatModel bean for each provider configuration
		 * whose provider has a LangChain4j module on the class path.
		 */
		private boolean enabled = true;

		/**
		 * Whether the models log their requests (LangChain4j's logRequests; the key header is paracle's
		 * placeholder, the real key is set after logging).
		 */
		private boolean logRequests;

		/**
		 * Whether the models log their responses (LangChain4j's logResponses).
		 */
		private boolean logResponses;

		/**
		 * Return whether the beans are created.
		 * @return whether the beans are created
		 */
		public boolean isEnabled() {
			return this.enabled;
		}

		/**
		 * Set whether the beans are created.
		 * @param enabled whether the beans are created
		 */
		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		/**
		 * Return whether the models log their requests.
		 * @return whether requests are logged
		 */
		public boolean isLogRequests() {
			return this.logRequests;
		}

		/**
		 * Set whether the models log their requests.
		 * @param logRequests whether requests are logged
		 */
		public void setLogRequests(boolean logRequests) {
			this.logRequests = logRequests;
		}

		/**
		 * Return whether the models log their responses.
		 * @return whether responses are logged
		 */
		public boolean isLogResponses() {
			return this.logResponses;
		}

		/**
		 * Set whether the models log their responses.
		 * @param logResponses whether responses are logged
		 */
		public void setLogResponses(boolean logResponses) {
			this.logResponses = logResponses;
		}

	}

}
