package io.paracle.keys.provider;

import java.util.ArrayList;
import java.util.List;

import io.paracle.keys.resolve.ApiKey;
import io.paracle.keys.resolve.ApiKeys;
import io.paracle.keys.resolve.KeyOrigin;
import io.paracle.keys.resolve.KeySourceKind;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * A chat request, the same for every provider: the messages, and optionally the model, the sampling
 * temperature, a limit on generated tokens, and a key to use for this call only. Immutable; create one with
 * {@link #builder()} or {@link #of(String)}.
 *
 * <pre class="code">
 * ChatRequest request = ChatRequest.builder()
 *     .system("Answer in one sentence.")
 *     .user("What is an API key?")
 *     .maxTokens(100)
 *     .build();
 * </pre>
 *
 * @author paracle-keys
 */
public final class ChatRequest {

	private final @Nullable String model;

	private final List<ChatMessage> messages;

	private final @Nullable Double temperature;

	private final @Nullable Integer maxTokens;

	private final @Nullable ApiKey apiKey;

	private ChatRequest(Builder builder) {
		Assert.isTrue(!builder.messages.isEmpty(), "A chat request needs at least one message");
		this.model = builder.model;
		this.messages = List.copyOf(builder.messages);
		this.temperature = builder.temperature;
		this.maxTokens = builder.maxTokens;
		this.apiKey = builder.apiKey;
	}

	/**
	 * Create a request with a single user message and every other setting defaulted.
	 * @param userMessage the user's text
	 * @return the request
	 */
	public static ChatRequest of(String userMessage) {
		return builder().user(userMessage).build();
	}

	/**
	 * Start building a request.
	 * @return a new builder
	 */
	public static Builder builder() {
		return new Builder();
	}

	/**
	 * Return a builder initialised with this request's values.
	 * @return a new builder
	 */
	public Builder toBuilder() {
		Builder builder = new Builder();
		builder.model = this.model;
		builder.messages.addAll(this.messages);
		builder.temperature = this.temperature;
		builder.maxTokens = this.maxTokens;
		builder.apiKey = this.apiKey;
		return builder;
	}

	/**
	 * Return the model, or {@code null} to use the provider configuration's {@code model} property, then the
	 * catalog default.
	 * @return the model
	 */
	public @Nullable String model() {
		return this.model;
	}

	/**
	 * Return the messages, in order.
	 * @return the messages
	 */
	public List<ChatMessage> messages() {
		return this.messages;
	}

	/**
	 * Return the sampling temperature, or {@code null} for the provider's default.
	 * @return the temperature
	 */
	public @Nullable Double temperature() {
		return this.temperature;
	}

	/**
	 * Return the limit on generated tokens, or {@code null} for the provider's default (Anthropic, which
	 * requires one, gets 1024).
	 * @return the token limit
	 */
	public @Nullable Integer maxTokens() {
		return this.maxTokens;
	}

	/**
	 * Return the key to use for this call instead of the configuration's current key, or {@code null}.
	 * @return the per-call key
	 */
	public @Nullable ApiKey apiKey() {
		return this.apiKey;
	}

	@Override
	public String toString() {
		return "ChatRequest[model=" + this.model + ", messages=" + this.messages.size() + ", temperature="
				+ this.temperature + ", maxTokens=" + this.maxTokens
				+ ((this.apiKey != null) ? ", apiKey=" + this.apiKey.fingerprint() : "") + "]";
	}

	/**
	 * Builder of {@link ChatRequest}s.
	 */
	public static final class Builder {

		private @Nullable String model;

		private final List<ChatMessage> messages = new ArrayList<>();

		private @Nullable Double temperature;

		private @Nullable Integer maxTokens;

		private @Nullable ApiKey apiKey;

		private Builder() {
		}

		/**
		 * Set the model.
		 * @param model the model, or {@code null} for the configured default
		 * @return this builder
		 */
		public Builder model(@Nullable String model) {
			this.model = model;
			return this;
		}

		/**
		 * Add a message.
		 * @param message the message
		 * @return this builder
		 */
		public Builder message(ChatMessage message) {
			Assert.notNull(message, "'message' must not be null");
			this.messages.add(message);
			return this;
		}

		/**
		 * Add messages.
		 * @param messages the messages, in order
		 * @return this builder
		 */
		public Builder messages(List<ChatMessage> messages) {
			messages.forEach(this::message);
			return this;
		}

		/**
		 * Add a system message.
		 * @param content the instructions
		 * @return this builder
		 */
		public Builder system(String content) {
			return message(ChatMessage.system(content));
		}

		/**
		 * Add a user message.
		 * @param content the text
		 * @return this builder
		 */
		public Builder user(String content) {
			return message(ChatMessage.user(content));
		}

		/**
		 * Add an assistant message.
		 * @param content the text
		 * @return this builder
		 */
		public Builder assistant(String content) {
			return message(ChatMessage.assistant(content));
		}

		/**
		 * Set the sampling temperature.
		 * @param temperature the temperature, or {@code null} for the provider's default
		 * @return this builder
		 */
		public Builder temperature(@Nullable Double temperature) {
			this.temperature = temperature;
			return this;
		}

		/**
		 * Set the limit on generated tokens.
		 * @param maxTokens the limit, or {@code null} for the provider's default
		 * @return this builder
		 */
		public Builder maxTokens(@Nullable Integer maxTokens) {
			Assert.isTrue(maxTokens == null || maxTokens > 0, "maxTokens must be positive");
			this.maxTokens = maxTokens;
			return this;
		}

		/**
		 * Use this key for this call only, instead of the configuration's current key. For Bedrock the key
		 * must be an access key pair ({@link ApiKey#of(String, String, KeyOrigin)}).
		 * @param apiKey the key, or {@code null} to use the configuration's key
		 * @return this builder
		 */
		public Builder apiKey(@Nullable ApiKey apiKey) {
			this.apiKey = (apiKey != null) ? ApiKeys.checkPerCallKey(apiKey) : null;
			return this;
		}

		/**
		 * Use this key value for this call only; its origin is reported as {@link KeySourceKind#PER_CALL}.
		 * @param apiKey the key value
		 * @return this builder
		 */
		public Builder apiKey(String apiKey) {
			return apiKey(ApiKey.of(apiKey, new KeyOrigin(KeySourceKind.PER_CALL, "ChatRequest.apiKey", null)));
		}

		/**
		 * Build the request.
		 * @return the request
		 * @throws IllegalArgumentException when no message was added
		 */
		public ChatRequest build() {
			return new ChatRequest(this);
		}

	}

}
