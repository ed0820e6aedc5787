package io.paracle.keys.provider;

import java.util.List;

import io.paracle.keys.catalog.ProviderDescriptor;

/**
 * A client of one provider configuration ({@code paracle.providers.<name>}), with the key the
 * {@link io.paracle.keys.resolve.ApiKeyResolver resolver} holds for it. The key is read from the resolver on
 * every call, so a rotated key is used by the next call. Every call is measured (see
 * {@code io.paracle.keys.metrics}) when Micrometer is present.
 * <p>
 * Inject the typed class of a provider ({@code OpenAiProvider}, {@code AnthropicProvider}, ...), this
 * interface when only one provider is active, or {@link LlmProviders} to look providers up by name.
 *
 * @author paracle-keys
 */
public interface LlmProvider {

	/**
	 * Return the configuration name ({@code openai}, {@code openai-eu}, ...), also the bean name and the
	 * {@code provider} tag of the meters.
	 * @return the configuration name
	 */
	String name();

	/**
	 * Return the catalog entry of the provider this configuration talks to.
	 * @return the descriptor
	 */
	ProviderDescriptor descriptor();

	/**
	 * Return the catalog id of the provider ({@code openai}, {@code anthropic}, ...).
	 * @return the catalog id
	 */
	default String type() {
		return descriptor().id();
	}

	/**
	 * Send a chat request.
	 * @param request the request
	 * @return the response
	 * @throws InvalidApiKeyException when the provider rejects the key (401, 403)
	 * @throws RateLimitExceededException when the provider answers 429
	 * @throws ProviderUnavailableException on 5xx, I/O errors and timeouts
	 * @throws ProviderRequestException on any other 4xx
	 */
	ChatResponse chat(ChatRequest request);

	/**
	 * Send a single user message with every other setting defaulted.
	 * @param userMessage the user's text
	 * @return the response
	 * @see #chat(ChatRequest)
	 */
	default ChatResponse chat(String userMessage) {
		return chat(ChatRequest.of(userMessage));
	}

	/**
	 * Stream a chat request: returns once the provider accepted the request and its first chunk arrived, with the
	 * rest still to read (see {@link ChatStream}). Everything that can go wrong before the first chunk &mdash; a
	 * refused or rate-limited key (the next key is tried), a connection failure or a 5xx (retried) &mdash; is
	 * handled as for {@link #chat(ChatRequest)}, so this throws the same exceptions; after the first chunk an error
	 * ends the stream, never a retry.
	 * @param request the request
	 * @return the open stream; close it (try-with-resources) when not reading it to its end
	 * @throws LlmProviderException as {@link #chat(ChatRequest)}, before the first chunk
	 * @throws UnsupportedOperationException for a provider that cannot stream
	 */
	default ChatStream stream(ChatRequest request) {
		throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot stream");
	}

	/**
	 * Stream a single user message with every other setting defaulted.
	 * @param userMessage the user's text
	 * @return the open stream
	 * @see #stream(ChatRequest)
	 */
	default ChatStream stream(String userMessage) {
		return stream(ChatRequest.of(userMessage));
	}

	/**
	 * List the ids of the models the key can use.
	 * @return the model ids, in the provider's order
	 * @throws LlmProviderException as {@link #chat(ChatRequest)}
	 * @throws UnsupportedOperationException for providers without a model listing (Bedrock Runtime)
	 */
	List<String> listModels();

	/**
	 * Check the current key with one cheap authenticated call (usually listing models). Never throws for an
	 * answer of the provider: the outcome is in the result.
	 * @return the verification
	 */
	KeyVerification verifyKey();

	/**
	 * Describe the current keys: origin, fingerprints and count, never the values.
	 * @return the description
	 */
	KeyDescription keyDescription();

}
