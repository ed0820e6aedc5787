package io.paracle.keys.provider.client;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;

import io.paracle.keys.provider.ChatChunk;
import io.paracle.keys.provider.ChatStream;
import io.paracle.keys.provider.LlmProviderException;
import io.paracle.keys.resolve.ApiKey;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;

/**
 * A stream of server-sent events over an open HTTP answer: {@link #open()} reads up to the first chunk inside the
 * exchange (so that what fails before it fails the attempt, and the pipeline fails over or retries); the caller
 * reads the rest, and the end, a failure or a cancellation ends the attempt's {@link StreamingCall} once.
 *
 * @author paracle-keys
 */
final class HttpChatStream extends ChatStream {

	private final ProviderHttpClient.OpenAnswer answer;

	private final BoundedBody body;

	private final SseReader events;

	private final StreamDecoder decoder;

	private final StreamingCall call;

	private final ExchangeAttempt attempt;

	private final long maxBytes;

	private final String requestedModel;

	private final AtomicBoolean ended = new AtomicBoolean();

	private @Nullable ChatChunk first;

	HttpChatStream(String provider, String model, ProviderHttpClient.OpenAnswer answer, BoundedBody body,
			StreamDecoder decoder, ExchangeAttempt attempt, long maxBytes) {
		super(provider, model, fingerprint(attempt.key()));
		this.requestedModel = model;
		this.answer = answer;
		this.body = body;
		this.events = new SseReader(body);
		this.decoder = decoder;
		this.call = attempt.streaming();
		this.attempt = attempt;
		this.maxBytes = maxBytes;
	}

	private static @Nullable String fingerprint(@Nullable ApiKey key) {
		return (key != null) ? key.fingerprint() : null;
	}

	/**
	 * Read up to the first chunk, within the attempt's deadline. What fails here is thrown to the pipeline as the
	 * attempt's failure; the caller closes the answer.
	 */
	void open() throws IOException {
		this.first = next();
		this.body.liftDeadline();
	}

	@Override
	public String model() {
		String model = this.decoder.model;
		return (model != null) ? model : this.requestedModel;
	}

	@Override
	protected @Nullable ChatChunk read() {
		ChatChunk chunk = this.first;
		if (chunk != null) {
			this.first = null;
			this.call.firstChunk();
			return chunk;
		}
		if (this.ended.get()) {
			return null;
		}
		try {
			chunk = next();
		}
		catch (IOException ex) {
			if (isClosed()) {
				// cancelled while a read was blocked: the abort broke the connection, nothing failed
				return null;
			}
			throw fail((ex instanceof BoundedBody.AnswerTooLargeException)
					? this.attempt.tooLarge(200, this.maxBytes) : this.attempt.noAnswer(ex));
		}
		catch (LlmProviderException ex) {
			throw fail(ex);
		}
		if (chunk == null) {
			return null;
		}
		this.call.firstChunk();
		return chunk;
	}

	private LlmProviderException fail(LlmProviderException ex) {
		if (this.ended.compareAndSet(false, true)) {
			this.answer.abort();
			this.call.failed(ex);
		}
		return ex;
	}

	/**
	 * Read events up to the next text, or the end.
	 * @return the chunk, or {@code null} once the stream ended or was cancelled
	 */
	private @Nullable ChatChunk next() throws IOException {
		while (!this.decoder.done) {
			if (isClosed() || this.ended.get()) {
				return null;
			}
			if (!this.events.next()) {
				if (this.decoder.endsWithEvent() && this.decoder.finishReason == null) {
					throw this.attempt.streamCut();
				}
				break;
			}
			if (this.decoder.isEndMarker(this.events)) {
				this.decoder.done = true;
				break;
			}
			String text;
			byte[] data = this.events.data();
			int length = this.events.dataLength();
			try (JsonParser parser = this.decoder.readsTokensOnly() ? Json.tokenParser(data, length)
					: Json.parser(data, length)) {
				text = this.decoder.decode(this.events.event(), parser, this.events, this.attempt);
			}
			catch (JacksonException ex) {
				throw this.attempt.unreadable(200, ex);
			}
			if (text != null && !text.isEmpty()) {
				return ChatChunk.text(text);
			}
		}
		return last();
	}

	private @Nullable ChatChunk last() {
		if (!this.ended.compareAndSet(false, true)) {
			return null;
		}
		StreamDecoder decoder = this.decoder;
		if (decoder.inputTokens > 0 || decoder.outputTokens > 0) {
			this.call.tokens(decoder.model, decoder.inputTokens, decoder.outputTokens);
		}
		// what may follow the end marker (the chunked body's end) is read: a client that saw the end of the body
		// keeps the connection for the next request
		try {
			if (this.events.drain(ProviderErrors.MAX_BODY_BYTES)) {
				this.answer.close();
			}
			else {
				this.answer.abort();
			}
		}
		catch (IOException ex) {
			this.answer.abort();
		}
		this.call.completed();
		return ChatChunk.last(decoder.finishReason, decoder.inputTokens, decoder.outputTokens);
	}

	@Override
	protected void cancel() {
		if (this.ended.compareAndSet(false, true)) {
			this.call.cancelled();
			this.answer.abort();
		}
	}

}
