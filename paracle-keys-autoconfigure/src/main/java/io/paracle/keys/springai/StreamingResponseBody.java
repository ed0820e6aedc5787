package io.paracle.keys.springai;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import io.paracle.keys.provider.client.StreamingCall;
import okhttp3.MediaType;
import okhttp3.ResponseBody;
import okio.Buffer;
import okio.BufferedSource;
import okio.ForwardingSource;
import okio.Okio;
import org.jspecify.annotations.Nullable;

/**
 * The body of a streamed answer ({@code text/event-stream}) that reports the stream's life to its
 * {@link StreamingCall}: the first bytes read are its first chunk; the provider's end-of-stream event
 * ({@code data: [DONE]} for OpenAI, {@code message_stop} for Anthropic) or the end of the body completes it; a
 * read failure fails it; a close before either (the caller cancelled) cancels it.
 *
 * @author paracle-keys
 */
final class StreamingResponseBody extends ResponseBody {

	private static final String[] END_MARKERS = { "[DONE]", "message_stop" };

	private static final int TAIL = 16;

	private final ResponseBody delegate;

	private final StreamingCall stream;

	private final BufferedSource source;

	private boolean started;

	private boolean endSeen;

	private String tail = "";

	StreamingResponseBody(ResponseBody delegate, StreamingCall stream) {
		this.delegate = delegate;
		this.stream = stream;
		this.source = Okio.buffer(new ReportingSource(delegate.source()));
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
		if (this.endSeen) {
			this.stream.completed();
		}
		else {
			this.stream.cancelled();
		}
		this.delegate.close();
	}

	private void read(Buffer sink, long count) {
		if (!this.started) {
			this.started = true;
			this.stream.firstChunk();
		}
		if (this.endSeen) {
			return;
		}
		Buffer copy = new Buffer();
		sink.copyTo(copy, sink.size() - count, count);
		String text = this.tail + copy.readString(StandardCharsets.ISO_8859_1);
		for (String marker : END_MARKERS) {
			if (text.contains(marker)) {
				this.endSeen = true;
				return;
			}
		}
		this.tail = (text.length() > TAIL) ? text.substring(text.length() - TAIL) : text;
	}

	private final class ReportingSource extends ForwardingSource {

		ReportingSource(okio.Source delegate) {
			super(delegate);
		}

		@Override
		public long read(Buffer sink, long byteCount) throws IOException {
			long read;
			try {
				read = super.read(sink, byteCount);
			}
			catch (IOException | RuntimeException ex) {
				StreamingResponseBody.this.stream.failed(ex);
				throw ex;
			}
			if (read == -1) {
				StreamingResponseBody.this.endSeen = true;
				StreamingResponseBody.this.stream.completed();
			}
			else if (read > 0) {
				StreamingResponseBody.this.read(sink, read);
			}
			return read;
		}

	}

}
