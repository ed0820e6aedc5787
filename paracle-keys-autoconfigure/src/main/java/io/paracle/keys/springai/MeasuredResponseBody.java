package io.paracle.keys.springai;

import java.io.IOException;

import io.paracle.keys.provider.client.StreamingCall;
import okhttp3.MediaType;
import okhttp3.ResponseBody;
import okio.Buffer;
import okio.BufferedSource;
import okio.ForwardingSource;
import okio.Okio;
import org.jspecify.annotations.Nullable;

/**
 * The body of a successful stream or of an answer too large to read into memory first, read by the SDK, that keeps the attempt's measured call open until the SDK is
 * done with it, and reports what it saw to the attempt's {@link StreamingCall}: the token usage and the model
 * (once, when the call ends), and for a stream ({@code text/event-stream}) its first chunk. The call ends
 * {@code success} when the body is read to its end, when a stream's end event was seen, or when the SDK closes
 * a blocking answer; with the read failure when reading fails; {@code cancelled} when a stream is closed before
 * its end (the subscriber cancelled).
 *
 * @author paracle-keys
 */
final class MeasuredResponseBody extends ResponseBody {

	private final ResponseBody delegate;

	private final StreamingCall call;

	private final boolean eventStream;

	private final BufferedSource source;

	private final AnswerScanner scanner = new AnswerScanner();

	private boolean started;

	MeasuredResponseBody(ResponseBody delegate, StreamingCall call, boolean eventStream) {
		this.delegate = delegate;
		this.call = call;
		this.eventStream = eventStream;
		this.source = Okio.buffer(new MeasuringSource(delegate.source()));
	}

	@Override
	public @Nullable MediaType contentType() {
		return this.delegate.contentType();
	}

	@Override
	public long contentLength() {
		return this.delegate.contentLength();
	}

	@Override
	public BufferedSource source() {
		return this.source;
	}

	@Override
	public void close() {
		if (this.eventStream && !this.scanner.endSeen()) {
			this.call.cancelled();
		}
		else {
			completed();
		}
		this.delegate.close();
	}

	private void completed() {
		if (this.scanner.hasTokens() && !this.call.isEnded()) {
			this.call.tokens(this.scanner.model(), this.scanner.inputTokens(), this.scanner.outputTokens());
		}
		this.call.completed();
	}

	private void read(Buffer sink, long count) {
		if (!this.started) {
			this.started = true;
			if (this.eventStream) {
				this.call.firstChunk();
			}
		}
		long end = sink.size();
		for (long i = end - count; i < end; i++) {
			this.scanner.scan(sink.getByte(i));
		}
	}

	private final class MeasuringSource extends ForwardingSource {

		MeasuringSource(okio.Source delegate) {
			super(delegate);
		}

		@Override
		public long read(Buffer sink, long byteCount) throws IOException {
			long read;
			try {
				read = super.read(sink, byteCount);
			}
			catch (IOException | RuntimeException ex) {
				MeasuredResponseBody.this.call.failed(ex);
				throw ex;
			}
			if (read == -1) {
				completed();
			}
			else if (read > 0) {
				MeasuredResponseBody.this.read(sink, read);
			}
			return read;
		}

	}

}
