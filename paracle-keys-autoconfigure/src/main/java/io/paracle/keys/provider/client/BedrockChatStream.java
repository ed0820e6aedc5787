package io.paracle.keys.provider.client;

import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.paracle.keys.provider.ChatChunk;
import io.paracle.keys.provider.ChatStream;
import io.paracle.keys.provider.LlmProviderException;
import io.paracle.keys.resolve.ApiKey;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.async.SdkPublisher;
import software.amazon.awssdk.services.bedrockruntime.model.AccessDeniedException;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlockDeltaEvent;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamMetadataEvent;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamOutput;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamResponse;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamResponseHandler;
import software.amazon.awssdk.services.bedrockruntime.model.InternalServerException;
import software.amazon.awssdk.services.bedrockruntime.model.MessageStopEvent;
import software.amazon.awssdk.services.bedrockruntime.model.ModelStreamErrorException;
import software.amazon.awssdk.services.bedrockruntime.model.ModelTimeoutException;
import software.amazon.awssdk.services.bedrockruntime.model.ServiceUnavailableException;
import software.amazon.awssdk.services.bedrockruntime.model.ThrottlingException;
import software.amazon.awssdk.services.bedrockruntime.model.TokenUsage;
import software.amazon.awssdk.services.bedrockruntime.model.ValidationException;

/**
 * A Bedrock ConverseStream answer: the SDK pushes its events (on its own threads) into a queue, the reader takes
 * them. {@link #open(CompletableFuture)} waits up to the first text delta inside the exchange, so that an error
 * answer (429 {@code ThrottlingException}, 403 {@code AccessDeniedException}, ...) fails the attempt and the
 * pipeline fails over; afterwards a failure (an exception event, a broken connection, no event within the
 * {@code timeout}) ends the stream and its {@link StreamingCall} once. Text comes from {@code contentBlockDelta},
 * the finish reason from {@code messageStop}, the usage from {@code metadata}; the stream ends when the SDK
 * completes it.
 *
 * @author paracle-keys
 */
final class BedrockChatStream extends ChatStream {

	/** Put in the queue when the SDK completed the stream, or the stream was cancelled. */
	private static final Object END = new Object();

	private final BlockingQueue<Object> events = new LinkedBlockingQueue<>();

	private final ExchangeAttempt attempt;

	private final StreamingCall call;

	private final long readTimeoutNanos;

	private final long maxBytes;

	private final String model;

	private final AtomicBoolean ended = new AtomicBoolean();

	private volatile int status;

	private volatile @Nullable Subscription subscription;

	private volatile @Nullable CompletableFuture<Void> future;

	private @Nullable ChatChunk first;

	private boolean done;

	private @Nullable String finishReason;

	private long inputTokens;

	private long outputTokens;

	private long textBytes;

	BedrockChatStream(String provider, String model, ExchangeAttempt attempt, Duration readTimeout, long maxBytes) {
		super(provider, model, fingerprint(attempt.key()));
		this.model = model;
		this.attempt = attempt;
		this.call = attempt.streaming();
		this.readTimeoutNanos = readTimeout.toNanos();
		this.maxBytes = maxBytes;
	}

	private static @Nullable String fingerprint(@Nullable ApiKey key) {
		return (key != null) ? key.fingerprint() : null;
	}

	/**
	 * Return the handler the SDK reports the answer to.
	 */
	ConverseStreamResponseHandler handler() {
		return new Handler();
	}

	/**
	 * Wait up to the first text delta, within the attempt's deadline. What fails here is thrown to the pipeline as
	 * the attempt's failure, after the SDK call was cancelled.
	 * @param future the SDK call
	 */
	void open(CompletableFuture<Void> future) {
		this.future = future;
		future.whenComplete((result, ex) -> {
			if (ex != null) {
				this.events.add(ex);
			}
		});
		try {
			this.first = next(this.attempt.deadlineNanos() - System.nanoTime(), true);
		}
		catch (RuntimeException | Error ex) {
			this.ended.set(true);
			abort();
			throw ex;
		}
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
			chunk = next(this.readTimeoutNanos, false);
		}
		catch (LlmProviderException ex) {
			if (isClosed()) {
				return null;
			}
			if (this.ended.compareAndSet(false, true)) {
				abort();
				this.call.failed(ex);
			}
			throw ex;
		}
		if (chunk != null) {
			this.call.firstChunk();
		}
		return chunk;
	}

	/**
	 * Take events up to the next text, or the end.
	 * @param waitNanos how long to wait for each event
	 * @param opening whether the exchange still runs (the status goes to the attempt)
	 * @return the chunk, or {@code null} once the stream ended or was cancelled
	 */
	private @Nullable ChatChunk next(long waitNanos, boolean opening) {
		while (!this.done) {
			if (isClosed() || (!opening && this.ended.get())) {
				return null;
			}
			Object item;
			try {
				item = this.events.poll(Math.max(waitNanos, 0), TimeUnit.NANOSECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw this.attempt.noAnswer(ex);
			}
			if (isClosed()) {
				return null;
			}
			if (item == null) {
				throw this.attempt.noAnswer(new SocketTimeoutException("No event of the stream within the timeout"));
			}
			if (item instanceof Throwable error) {
				throw failure(error, opening);
			}
			if (item == END) {
				if (this.finishReason == null) {
					throw this.attempt.streamCut();
				}
				this.done = true;
				break;
			}
			String text = decode((ConverseStreamOutput) item);
			if (text != null && !text.isEmpty()) {
				this.textBytes += text.length();
				if (this.textBytes > this.maxBytes) {
					throw this.attempt.tooLarge(200, this.maxBytes);
				}
				if (opening) {
					this.attempt.responded((this.status != 0) ? this.status : 200, BedrockConverseTransport.NO_HEADERS);
				}
				return ChatChunk.text(text);
			}
		}
		if (opening) {
			this.attempt.responded((this.status != 0) ? this.status : 200, BedrockConverseTransport.NO_HEADERS);
		}
		return last();
	}

	private @Nullable String decode(ConverseStreamOutput event) {
		if (event instanceof ContentBlockDeltaEvent delta) {
			return (delta.delta() != null) ? delta.delta().text() : null;
		}
		if (event instanceof MessageStopEvent stop) {
			this.finishReason = stop.stopReasonAsString();
		}
		else if (event instanceof ConverseStreamMetadataEvent metadata) {
			TokenUsage usage = metadata.usage();
			if (usage != null) {
				this.inputTokens = (usage.inputTokens() != null) ? usage.inputTokens() : 0;
				this.outputTokens = (usage.outputTokens() != null) ? usage.outputTokens() : 0;
			}
		}
		return null;
	}

	private @Nullable ChatChunk last() {
		if (!this.ended.compareAndSet(false, true)) {
			return null;
		}
		if (this.inputTokens > 0 || this.outputTokens > 0) {
			this.call.tokens(this.model, this.inputTokens, this.outputTokens);
		}
		this.call.completed();
		return ChatChunk.last(this.finishReason, this.inputTokens, this.outputTokens);
	}

	/**
	 * Return the starter's exception for what the SDK reported: an error of the service by its HTTP status, or,
	 * for an exception event inside the stream (whose answer was 200), by the status its type stands for.
	 */
	private LlmProviderException failure(Throwable error, boolean opening) {
		Throwable cause = error;
		while ((cause instanceof CompletionException || cause instanceof ExecutionException)
				&& cause.getCause() != null) {
			cause = cause.getCause();
		}
		if (cause instanceof LlmProviderException ex) {
			return ex;
		}
		if (cause instanceof AwsServiceException ex) {
			int status = (ex.statusCode() >= 300) ? ex.statusCode() : statusOf(ex);
			if (opening) {
				this.attempt.responded(status, BedrockConverseTransport.NO_HEADERS);
			}
			return BedrockConverseTransport.failed(ex, status, this.attempt);
		}
		return this.attempt.noAnswer(cause);
	}

	/**
	 * Return the status an exception event stands for (Bedrock's API reference of ConverseStream).
	 */
	private static int statusOf(AwsServiceException ex) {
		if (ex instanceof ThrottlingException) {
			return 429;
		}
		if (ex instanceof AccessDeniedException) {
			return 403;
		}
		if (ex instanceof ValidationException) {
			return 400;
		}
		if (ex instanceof ModelTimeoutException) {
			return 408;
		}
		if (ex instanceof ModelStreamErrorException streamError && streamError.originalStatusCode() != null
				&& streamError.originalStatusCode() >= 400) {
			return streamError.originalStatusCode();
		}
		if (ex instanceof ServiceUnavailableException) {
			return 503;
		}
		if (ex instanceof InternalServerException) {
			return 500;
		}
		return 500;
	}

	@Override
	protected void cancel() {
		if (this.ended.compareAndSet(false, true)) {
			this.call.cancelled();
			abort();
		}
		// wakes a reader blocked on the queue
		this.events.add(END);
	}

	/**
	 * Stop the SDK call: cancelling its future closes the connection.
	 */
	private void abort() {
		Subscription subscription = this.subscription;
		if (subscription != null) {
			subscription.cancel();
		}
		CompletableFuture<Void> future = this.future;
		if (future != null) {
			future.cancel(true);
		}
	}

	/**
	 * What the SDK reports, on its threads: all of it goes to the queue, in order.
	 */
	private final class Handler implements ConverseStreamResponseHandler {

		@Override
		public void responseReceived(ConverseStreamResponse response) {
			BedrockChatStream.this.status = response.sdkHttpResponse().statusCode();
		}

		@Override
		public void onEventStream(SdkPublisher<ConverseStreamOutput> publisher) {
			publisher.subscribe(new Subscriber<ConverseStreamOutput>() {

				@Override
				public void onSubscribe(Subscription subscription) {
					BedrockChatStream.this.subscription = subscription;
					// the events are small and the reader takes them as they come: no backpressure to the socket,
					// so that a slow reader never looks like a stalled connection
					subscription.request(Long.MAX_VALUE);
				}

				@Override
				public void onNext(ConverseStreamOutput event) {
					BedrockChatStream.this.events.add(event);
				}

				@Override
				public void onError(Throwable error) {
					BedrockChatStream.this.events.add(error);
				}

				@Override
				public void onComplete() {
				}

			});
		}

		@Override
		public void exceptionOccurred(Throwable error) {
			BedrockChatStream.this.events.add(error);
		}

		@Override
		public void complete() {
			BedrockChatStream.this.events.add(END);
		}

	}

}
