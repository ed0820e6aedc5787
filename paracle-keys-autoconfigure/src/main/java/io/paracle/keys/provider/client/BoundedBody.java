package io.paracle.keys.provider.client;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;

/**
 * The body of an answer read under two bounds: at most a number of bytes ({@code paracle.http.max-response-size})
 * and until a deadline (the attempt's {@code timeout}, or the {@code call-timeout} when that ends first). A socket
 * read timeout only bounds each read; this bounds the whole body, so a provider that drips one byte a second
 * cannot keep a call alive. Crossing a bound throws, and the client then closes the connection instead of
 * reading the rest.
 *
 * @author paracle-keys
 */
final class BoundedBody extends FilterInputStream {

	private final long maxBytes;

	private final long deadlineNanos;

	/** Whether the deadline applies: a stream lifts it after its first chunk (then each read has its timeout). */
	private volatile boolean deadline = true;

	private long read;

	/**
	 * Wrap a body.
	 * @param body the body
	 * @param maxBytes the most bytes that may be read
	 * @param deadlineNanos the {@link System#nanoTime()} after which no read may end
	 */
	BoundedBody(InputStream body, long maxBytes, long deadlineNanos) {
		super(body);
		this.maxBytes = maxBytes;
		this.deadlineNanos = deadlineNanos;
	}

	@Override
	public int read() throws IOException {
		int value = super.read();
		count((value >= 0) ? 1 : 0);
		return value;
	}

	@Override
	public int read(byte[] buffer, int offset, int length) throws IOException {
		int count = super.read(buffer, offset, length);
		count(Math.max(count, 0));
		return count;
	}

	private void count(int bytes) throws IOException {
		this.read += bytes;
		if (this.read > this.maxBytes) {
			throw new AnswerTooLargeException(this.maxBytes);
		}
		if (this.deadline && System.nanoTime() - this.deadlineNanos > 0) {
			throw new SocketTimeoutException("The answer did not end within the deadline");
		}
	}

	/**
	 * Stop applying the deadline: a stream whose first chunk arrived may last as long as its chunks keep coming,
	 * each within the socket's read timeout; the size bound stays.
	 */
	void liftDeadline() {
		this.deadline = false;
	}

	/**
	 * An answer longer than {@code paracle.http.max-response-size}.
	 */
	static final class AnswerTooLargeException extends IOException {

		private final long maxBytes;

		AnswerTooLargeException(long maxBytes) {
			super("The answer is larger than " + maxBytes + " bytes");
			this.maxBytes = maxBytes;
		}

		long maxBytes() {
			return this.maxBytes;
		}

	}

}
