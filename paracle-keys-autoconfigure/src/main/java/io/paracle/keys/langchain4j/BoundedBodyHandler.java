package io.paracle.keys.langchain4j;

import java.io.IOException;
import java.net.http.HttpResponse.BodyHandler;
import java.net.http.HttpResponse.BodySubscriber;
import java.net.http.HttpResponse.BodySubscribers;
import java.net.http.HttpResponse.ResponseInfo;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;

import org.jspecify.annotations.Nullable;

/**
 * Reads a whole answer into one array, as LangChain4j's JDK client does ({@code BodyHandlers.ofByteArray()}, on
 * the client's own threads), but bounded: a 2xx answer larger than {@code paracle.http.max-response-size} fails
 * with {@link AnswerTooLargeException} and its connection is dropped; an error answer is cut to its first bytes,
 * enough for its message.
 *
 * @author paracle-keys
 */
final class BoundedBodyHandler implements BodyHandler<byte[]> {

	private final long maxAnswerBytes;

	private final long maxErrorBytes;

	BoundedBodyHandler(long maxAnswerBytes, long maxErrorBytes) {
		this.maxAnswerBytes = maxAnswerBytes;
		this.maxErrorBytes = maxErrorBytes;
	}

	@Override
	public BodySubscriber<byte[]> apply(ResponseInfo info) {
		boolean success = info.statusCode() >= 200 && info.statusCode() < 300;
		return new Bounded(BodySubscribers.ofByteArray(), success ? this.maxAnswerBytes : this.maxErrorBytes, success);
	}

	/**
	 * A 2xx answer larger than {@code paracle.http.max-response-size}.
	 */
	static final class AnswerTooLargeException extends IOException {

		AnswerTooLargeException(long maxBytes) {
			super("The answer is larger than " + maxBytes + " bytes");
		}

	}

	private static final class Bounded implements BodySubscriber<byte[]> {

		private final BodySubscriber<byte[]> delegate;

		private final long maxBytes;

		private final boolean failWhenLarger;

		private final CompletableFuture<byte[]> body = new CompletableFuture<>();

		private Flow.@Nullable Subscription subscription;

		private long received;

		private boolean done;

		Bounded(BodySubscriber<byte[]> delegate, long maxBytes, boolean failWhenLarger) {
			this.delegate = delegate;
			this.maxBytes = maxBytes;
			this.failWhenLarger = failWhenLarger;
			delegate.getBody().whenComplete((bytes, error) -> {
				if (error != null) {
					this.body.completeExceptionally(error);
				}
				else {
					this.body.complete(bytes);
				}
			});
		}

		@Override
		public CompletionStage<byte[]> getBody() {
			return this.body;
		}

		@Override
		public void onSubscribe(Flow.Subscription subscription) {
			this.subscription = subscription;
			this.delegate.onSubscribe(subscription);
		}

		@Override
		public void onNext(List<ByteBuffer> buffers) {
			if (this.done) {
				return;
			}
			long size = 0;
			for (ByteBuffer buffer : buffers) {
				size += buffer.remaining();
			}
			if (this.received + size <= this.maxBytes) {
				this.received += size;
				this.delegate.onNext(buffers);
				return;
			}
			this.done = true;
			if (this.subscription != null) {
				this.subscription.cancel();
			}
			if (this.failWhenLarger) {
				this.body.completeExceptionally(new AnswerTooLargeException(this.maxBytes));
				return;
			}
			this.delegate.onNext(cut(buffers, this.maxBytes - this.received));
			this.delegate.onComplete();
		}

		private static List<ByteBuffer> cut(List<ByteBuffer> buffers, long keep) {
			List<ByteBuffer> kept = new ArrayList<>();
			long left = keep;
			for (ByteBuffer buffer : buffers) {
				if (left <= 0) {
					break;
				}
				ByteBuffer part = buffer.duplicate();
				if (part.remaining() > left) {
					part.limit(part.position() + (int) left);
				}
				left -= part.remaining();
				kept.add(part);
			}
			return kept;
		}

		@Override
		public void onError(Throwable error) {
			if (!this.done) {
				this.done = true;
				this.delegate.onError(error);
			}
		}

		@Override
		public void onComplete() {
			if (!this.done) {
				this.done = true;
				this.delegate.onComplete();
			}
		}

	}

}
