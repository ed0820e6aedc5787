package io.paracle.keys.provider;

import org.jspecify.annotations.Nullable;

/**
 * The answer of a provider to a {@link ChatRequest}.
 *
 * @param text the generated text (text parts joined), empty when the model produced none
 * @param finishReason why generation stopped, as the provider reports it ({@code stop}, {@code end_turn},
 * {@code STOP}, {@code COMPLETE}, {@code max_tokens}, ...), or {@code null}
 * @param inputTokens prompt tokens the provider counted, {@code 0} when it reported none
 * @param outputTokens generated tokens the provider counted, {@code 0} when it reported none
 * @param responseId the provider's id of the response (the request id for Bedrock), or {@code null}
 * @param model the model that answered as the provider reports it, else the model that was requested
 * @param keyFingerprint fingerprint of the key that made the call, or {@code null} when not known
 * @param provider the provider configuration that answered ({@code openai}, {@code openai-eu}): the member that
 * answered when the call went through a route; {@code null} when not known
 * @author paracle-keys
 */
public record ChatResponse(String text, @Nullable String finishReason, long inputTokens, long outputTokens,
		@Nullable String responseId, String model, @Nullable String keyFingerprint, @Nullable String provider) {

	/**
	 * Create a response whose key is not known yet.
	 * @param text the reply text
	 * @param finishReason why the model stopped, as the provider says it
	 * @param inputTokens input tokens counted by the provider
	 * @param outputTokens output tokens counted by the provider
	 * @param responseId the provider's id of the response
	 * @param model the model that answered
	 */
	public ChatResponse(String text, @Nullable String finishReason, long inputTokens, long outputTokens,
			@Nullable String responseId, String model) {
		this(text, finishReason, inputTokens, outputTokens, responseId, model, null, null);
	}

	/**
	 * Create a response whose configuration is not known yet.
	 * @param text the reply text
	 * @param finishReason why the model stopped, as the provider says it
	 * @param inputTokens input tokens counted by the provider
	 * @param outputTokens output tokens counted by the provider
	 * @param responseId the provider's id of the response
	 * @param model the model that answered
	 * @param keyFingerprint fingerprint of the key that made the call, or {@code null}
	 */
	public ChatResponse(String text, @Nullable String finishReason, long inputTokens, long outputTokens,
			@Nullable String responseId, String model, @Nullable String keyFingerprint) {
		this(text, finishReason, inputTokens, outputTokens, responseId, model, keyFingerprint, null);
	}

	/**
	 * Return this response with the fingerprint of the key that made the call.
	 * @param fingerprint the key fingerprint
	 * @return a copy with the fingerprint
	 */
	public ChatResponse withKeyFingerprint(@Nullable String fingerprint) {
		return new ChatResponse(this.text, this.finishReason, this.inputTokens, this.outputTokens, this.responseId,
				this.model, fingerprint, this.provider);
	}

	/**
	 * Return this response with the provider configuration that answered and the fingerprint of its key.
	 * @param provider the configuration name, or {@code null}
	 * @param fingerprint the key fingerprint, or {@code null}
	 * @return a copy with both
	 */
	public ChatResponse answeredBy(@Nullable String provider, @Nullable String fingerprint) {
		return new ChatResponse(this.text, this.finishReason, this.inputTokens, this.outputTokens, this.responseId,
				this.model, fingerprint, provider);
	}

	/**
	 * Return the sum of input and output tokens.
	 * @return the total token count
	 */
	public long totalTokens() {
		return this.inputTokens + this.outputTokens;
	}

}
