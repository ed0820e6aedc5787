package io.paracle.keys.provider;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.atomic.AtomicBoolean;

import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Flux;

/**
 * A streamed answer of {@link LlmProvider#stream(ChatRequest)}, already open: the provider accepted the request
 * and its first chunk has arrived (key failover, re-reads and retries all happened before). Read it once, in
 * one of two ways:
 * <ul>
 * <li>iterate it on the calling thread (each step blocks until the next chunk), in a try-with-resources block
 * so that leaving early closes the connection;</li>
 * <li>or {@link #toFlux()} with Reactor on the class path: a {@code Flux} that reads on Reactor's
 * bounded-elastic scheduler and closes the connection when its subscriber cancels.</li>
 * </ul>
 * Text chunks come in order; the last chunk ({@link ChatChunk#last()}) carries the finish reason and the token
 * usage. A failure after the stream opened (an error event, a broken connection, no chunk within the
 * {@code timeout}) ends it with the same typed exceptions as {@link LlmProvider#chat(ChatRequest)}, never a
 * retry (the caller has seen text), and the exception carries the text received so far
 * ({@link LlmProviderException#getPartialText()}). {@link #close()} before the end cancels the stream: the
 * connection is closed at once and the call is counted with outcome {@code cancelled}.
 *
 * <pre class="code">
 * try (ChatStream stream = openAi.stream("Write a haiku about keys.")) {
 *     for (ChatChunk chunk : stream) {
 *         System.out.print(chunk.text());
 *     }
 * }
 * </pre>
 *
 * @author paracle-keys
 */
public abstract class ChatStream implements Iterable<ChatChunk>, AutoCloseable {

	private final String provider;

	private final String model;

	private final @Nullable String keyFingerprint;

	private final StringBuilder text = new StringBuilder();

	private final AtomicBoolean iterated = new AtomicBoolean();

	private final AtomicBoolean closed = new AtomicBoolean();

	private volatile @Nullable ChatChunk lastChunk;

	/**
	 * Create a stream that has opened.
	 * @param provider the provider configuration name
	 * @param model the model that answers (as the provider reports it, else the requested one)
	 * @param keyFingerprint the fingerprint of the key the stream was opened with, or {@code null}
	 */
	protected ChatStream(String provider, String model, @Nullable String keyFingerprint) {
		this.provider = provider;
		this.model = model;
		this.keyFingerprint = keyFingerprint;
	}

	/**
	 * Return the provider configuration name.
	 * @return the name
	 */
	public String provider() {
		return this.provider;
	}

	/**
	 * Return the model that answers, as the provider reports it, else the requested model.
	 * @return the model
	 */
	public String model() {
		return this.model;
	}

	/**
	 * Return the fingerprint of the key the stream was opened with.
	 * @return the fingerprint, or {@code null} when the provider signs requests itself
	 */
	public @Nullable String keyFingerprint() {
		return this.keyFingerprint;
	}

	/**
	 * Return the text read so far (all of it once the last chunk was read). Call it on the reading thread, or after
	 * the stream ended.
	 * @return the text
	 */
	public String text() {
		return this.text.toString();
	}

	/**
	 * Return the last chunk, with the finish reason and the token usage, once it was read.
	 * @return the last chunk, or {@code null} before it was read
	 */
	public @Nullable ChatChunk lastChunk() {
		return this.lastChunk;
	}

	/**
	 * Return the chunks; a stream is read once.
	 * @return the chunks, in order; {@link Iterator#hasNext()} blocks until the next chunk arrives and throws the
	 * {@link LlmProviderException} that ended the stream, if one did
	 * @throws IllegalStateException when the stream was already read
	 */
	@Override
	public final Iterator<ChatChunk> iterator() {
		if (!this.iterated.compareAndSet(false, true)) {
			throw new IllegalStateException("The stream of '" + this.provider + "' was already read; a stream is read once");
		}
		return new Chunks();
	}

	/**
	 * Return the stream as a Reactor {@code Flux}: its subscriber reads it (once) on the bounded-elastic scheduler;
	 * cancelling the subscription closes the stream. Needs {@code io.projectreactor:reactor-core} on the class
	 * path (an optional dependency: without it, iterate the stream).
	 * @return the chunks
	 */
	public final Flux<ChatChunk> toFlux() {
		return ReactorChatStreams.flux(this);
	}

	/**
	 * Close the stream: before its end, this cancels it (the connection is closed at once, the call counted with
	 * outcome {@code cancelled}); after its end, this does nothing. Safe to call from any thread, more than once.
	 */
	@Override
	public final void close() {
		if (this.closed.compareAndSet(false, true)) {
			cancel();
		}
	}

	/**
	 * Return whether {@link #close()} was called.
	 * @return whether the stream was closed
	 */
	protected final boolean isClosed() {
		return this.closed.get();
	}

	/**
	 * Read the next chunk, blocking until it arrives.
	 * @return the chunk, or {@code null} after the last chunk, or once the stream was closed
	 * @throws LlmProviderException when the stream failed
	 */
	protected abstract @Nullable ChatChunk read();

	/**
	 * Cancel the stream when it has not ended: close its connection at once. Called once, from any thread; a
	 * {@link #read()} blocked on another thread must then return {@code null}.
	 */
	protected abstract void cancel();

	@Override
	public String toString() {
		return getClass().getSimpleName() + "[" + this.provider + ", " + this.model + "]";
	}

	private final class Chunks implements Iterator<ChatChunk> {

		private @Nullable ChatChunk next;

		private boolean done;

		@Override
		public boolean hasNext() {
			if (this.next != null) {
				return true;
			}
			if (this.done) {
				return false;
			}
			ChatChunk chunk;
			try {
				chunk = read();
			}
			catch (LlmProviderException ex) {
				this.done = true;
				ex.partialText(ChatStream.this.text.toString());
				throw ex;
			}
			if (chunk == null) {
				this.done = true;
				return false;
			}
			this.next = chunk;
			return true;
		}

		@Override
		public ChatChunk next() {
			if (!hasNext()) {
				throw new NoSuchElementException("The stream of '" + ChatStream.this.provider + "' has ended");
			}
			ChatChunk chunk = this.next;
			this.next = null;
			ChatStream.this.text.append(chunk.text());
			if (chunk.last()) {
				ChatStream.this.lastChunk = chunk;
				this.done = true;
			}
			return chunk;
		}

	}

}
