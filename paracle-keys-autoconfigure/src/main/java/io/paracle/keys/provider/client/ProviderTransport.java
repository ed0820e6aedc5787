package io.paracle.keys.provider.client;

import java.io.IOException;
import java.util.List;

import io.paracle.keys.provider.ChatRequest;
import io.paracle.keys.provider.ChatStream;
import io.paracle.keys.provider.ChatResponse;
import io.paracle.keys.resolve.ApiKey;
import org.jspecify.annotations.Nullable;

/**
 * One wire format: how a chat, a model listing and a key check are sent and read. Implementations report the
 * HTTP status to the {@link ApiCall} and throw the starter's exceptions; {@link AbstractLlmProvider} does the
 * rest (key, model, measurement).
 *
 * @author paracle-keys
 */
interface ProviderTransport extends AutoCloseable {

	ChatResponse chat(ChatRequest request, String model, @Nullable ApiKey key, ExchangeAttempt attempt)
			throws IOException;

	/**
	 * Return whether this wire format can {@link #stream} (all of them: the HTTP formats and Bedrock's ConverseStream).
	 */
	default boolean streams() {
		return false;
	}

	/**
	 * Open a stream: send the request, check the answer and read up to its first chunk.
	 * @return the open stream (it reads the rest and ends the attempt's {@link StreamingCall})
	 */
	default ChatStream stream(ChatRequest request, String model, @Nullable ApiKey key, ExchangeAttempt attempt)
			throws IOException {
		throw new UnsupportedOperationException(getClass().getSimpleName() + " cannot stream");
	}

	List<String> listModels(@Nullable ApiKey key, ExchangeAttempt attempt)
			throws IOException;

	/**
	 * Make the cheapest authenticated call.
	 * @return the HTTP status of the (successful) answer
	 */
	int verify(@Nullable ApiKey key, ExchangeAttempt attempt)
			throws IOException;

	/**
	 * Return whether a call needs a key; Bedrock falls back to the AWS default credentials chain.
	 */
	default boolean requiresKey() {
		return true;
	}

	@Override
	default void close() {
	}

}
