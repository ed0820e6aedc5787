package io.paracle.keys.benchmarks;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Serves one keep-alive connection of the {@link StubLlmServer}: reads HTTP/1.1
 * requests one after the other, drains their bodies ({@code Content-Length} or
 * chunked), and answers each with a {@link StubResponse}. All parsing works on two
 * reused byte buffers, so a request allocates nothing. Headers other than
 * {@code Content-Length}, {@code Transfer-Encoding}, {@code Connection} and
 * {@code Expect} are skipped, which is how {@code Upgrade: h2c} is declined.
 *
 * @author paracle-keys
 */
final class StubConnection implements Runnable {

	private static final int MAX_LINE = 8192;

	private static final int MAX_HEADERS = 100;

	private static final int IDLE_TIMEOUT_MILLIS = 120_000;

	private static final byte[] POST = ascii("POST");

	private static final byte[] GET = ascii("GET");

	private static final byte[] HTTP_1_1 = ascii("HTTP/1.1");

	private static final byte[] HTTP_1_0 = ascii("HTTP/1.0");

	private static final byte[] CHAT_COMPLETIONS = ascii(StubLlmServer.CHAT_COMPLETIONS_PATH);

	private static final byte[] MODELS = ascii(StubLlmServer.MODELS_PATH);

	private static final byte[] STREAM_SHORT = ascii(StubLlmServer.streamPath(StubLlmServer.STREAM_SHORT_CHUNKS));

	private static final byte[] STREAM_LONG = ascii(StubLlmServer.streamPath(StubLlmServer.STREAM_LONG_CHUNKS));

	private static final byte[] CONTENT_LENGTH = ascii("content-length");

	private static final byte[] TRANSFER_ENCODING = ascii("transfer-encoding");

	private static final byte[] CONNECTION = ascii("connection");

	private static final byte[] EXPECT = ascii("expect");

	private static final byte[] CHUNKED = ascii("chunked");

	private static final byte[] CLOSE = ascii("close");

	private static final byte[] KEEP_ALIVE = ascii("keep-alive");

	private static final byte[] CONTINUE = ascii("100-continue");

	private final Socket socket;

	private final Runnable onClose;

	private final byte[] line = new byte[MAX_LINE];

	private int lineLength;

	private final byte[] scratch = new byte[8192];

	private final RequestHead head = new RequestHead();

	StubConnection(Socket socket, Runnable onClose) {
		this.socket = socket;
		this.onClose = onClose;
	}

	@Override
	public void run() {
		try (Socket socket = this.socket) {
			socket.setTcpNoDelay(true);
			socket.setSoTimeout(IDLE_TIMEOUT_MILLIS);
			InputStream in = new BufferedInputStream(socket.getInputStream(), 8192);
			OutputStream out = socket.getOutputStream();
			boolean open = true;
			while (open) {
				open = serve(in, out);
			}
		}
		catch (IOException ex) {
			// The client went away, timed out or sent garbage: drop the connection.
		}
		finally {
			this.onClose.run();
		}
	}

	/**
	 * Serve one request.
	 * @return whether the connection stays open
	 */
	private boolean serve(InputStream in, OutputStream out) throws IOException {
		try {
			do {
				// RFC 9112 lets a server skip empty lines before a request line.
				if (!readLine(in, true)) {
					return false;
				}
			}
			while (this.lineLength == 0);
			int methodEnd = indexOf(' ', 0, this.lineLength);
			int targetEnd = indexOf(' ', methodEnd + 1, this.lineLength);
			if (methodEnd <= 0 || targetEnd < 0) {
				throw new BadRequest(StubResponse.BAD_REQUEST);
			}
			boolean http10 = regionEquals(targetEnd + 1, this.lineLength, HTTP_1_0);
			if (!http10 && !regionEquals(targetEnd + 1, this.lineLength, HTTP_1_1)) {
				throw new BadRequest(StubResponse.VERSION_NOT_SUPPORTED);
			}
			StubResponse response = route(methodEnd, targetEnd);
			RequestHead head = readHeaders(in);
			if (head.expectContinue && (head.chunked || head.contentLength > 0)) {
				out.write(StubResponse.CONTINUE);
				out.flush();
			}
			if (head.chunked) {
				drainChunked(in);
			}
			else {
				skip(in, head.contentLength);
			}
			boolean close = head.close || (http10 && !head.keepAlive);
			out.write(response.bytes(close));
			out.flush();
			return !close;
		}
		catch (BadRequest ex) {
			out.write(ex.response.bytes(true));
			out.flush();
			return false;
		}
	}

	private StubResponse route(int methodEnd, int targetEnd) {
		int pathEnd = indexOf('?', methodEnd + 1, targetEnd);
		pathEnd = (pathEnd < 0) ? targetEnd : pathEnd;
		boolean post = regionEquals(0, methodEnd, POST);
		boolean get = regionEquals(0, methodEnd, GET);
		if (regionEquals(methodEnd + 1, pathEnd, CHAT_COMPLETIONS)) {
			return post ? StubResponse.CHAT_COMPLETION : StubResponse.POST_ONLY;
		}
		if (regionEquals(methodEnd + 1, pathEnd, MODELS)) {
			return get ? StubResponse.MODELS : StubResponse.GET_ONLY;
		}
		if (regionEquals(methodEnd + 1, pathEnd, STREAM_SHORT)) {
			return post ? StubResponse.STREAM_SHORT : StubResponse.POST_ONLY;
		}
		if (regionEquals(methodEnd + 1, pathEnd, STREAM_LONG)) {
			return post ? StubResponse.STREAM_LONG : StubResponse.POST_ONLY;
		}
		return StubResponse.NOT_FOUND;
	}

	private RequestHead readHeaders(InputStream in) throws IOException {
		RequestHead head = this.head;
		head.reset();
		for (int count = 0;; count++) {
			readLine(in, false);
			if (this.lineLength == 0) {
				return head;
			}
			if (count == MAX_HEADERS) {
				throw new BadRequest(StubResponse.HEADERS_TOO_LARGE);
			}
			int colon = indexOf(':', 0, this.lineLength);
			if (colon <= 0) {
				throw new BadRequest(StubResponse.BAD_REQUEST);
			}
			int value = colon + 1;
			if (equalsIgnoreCase(0, colon, CONTENT_LENGTH)) {
				head.contentLength = parseContentLength(value);
			}
			else if (equalsIgnoreCase(0, colon, TRANSFER_ENCODING)) {
				head.chunked |= containsIgnoreCase(value, CHUNKED);
			}
			else if (equalsIgnoreCase(0, colon, CONNECTION)) {
				head.close |= containsIgnoreCase(value, CLOSE);
				head.keepAlive |= containsIgnoreCase(value, KEEP_ALIVE);
			}
			else if (equalsIgnoreCase(0, colon, EXPECT)) {
				head.expectContinue |= containsIgnoreCase(value, CONTINUE);
			}
		}
	}

	private void drainChunked(InputStream in) throws IOException {
		while (true) {
			readLine(in, false);
			long size = parseChunkSize();
			if (size == 0) {
				// Trailer section, up to the empty line.
				do {
					readLine(in, false);
				}
				while (this.lineLength != 0);
				return;
			}
			skip(in, size);
			readLine(in, false);
			if (this.lineLength != 0) {
				throw new BadRequest(StubResponse.BAD_REQUEST);
			}
		}
	}

	private void skip(InputStream in, long length) throws IOException {
		long remaining = length;
		while (remaining > 0) {
			int read = in.read(this.scratch, 0, (int) Math.min(remaining, this.scratch.length));
			if (read < 0) {
				throw new EOFException("Request body cut short");
			}
			remaining -= read;
		}
	}

	/**
	 * Read one line into {@link #line}, without its line break.
	 * @param eofAllowed whether the stream may end before the line starts
	 * @return {@code false} if the stream ended before the line started
	 */
	private boolean readLine(InputStream in, boolean eofAllowed) throws IOException {
		int length = 0;
		int b = in.read();
		if (b < 0) {
			if (eofAllowed) {
				return false;
			}
			throw new EOFException("Request cut short");
		}
		while (b != '\n') {
			if (b < 0) {
				throw new EOFException("Request cut short");
			}
			if (length == MAX_LINE) {
				throw new BadRequest(StubResponse.HEADERS_TOO_LARGE);
			}
			this.line[length++] = (byte) b;
			b = in.read();
		}
		if (length > 0 && this.line[length - 1] == '\r') {
			length--;
		}
		this.lineLength = length;
		return true;
	}

	private long parseContentLength(int from) throws BadRequest {
		long value = -1;
		for (int i = from; i < this.lineLength; i++) {
			byte b = this.line[i];
			if (b >= '0' && b <= '9') {
				value = ((value < 0) ? 0 : value * 10) + (b - '0');
				if (value > Integer.MAX_VALUE) {
					throw new BadRequest(StubResponse.BAD_REQUEST);
				}
			}
			else if (b != ' ' && b != '\t') {
				throw new BadRequest(StubResponse.BAD_REQUEST);
			}
		}
		if (value < 0) {
			throw new BadRequest(StubResponse.BAD_REQUEST);
		}
		return value;
	}

	private long parseChunkSize() throws BadRequest {
		long size = 0;
		int digits = 0;
		for (int i = 0; i < this.lineLength; i++) {
			int digit = Character.digit(this.line[i], 16);
			if (digit < 0) {
				break;
			}
			size = size * 16 + digit;
			if (++digits > 8) {
				throw new BadRequest(StubResponse.BAD_REQUEST);
			}
		}
		if (digits == 0) {
			throw new BadRequest(StubResponse.BAD_REQUEST);
		}
		return size;
	}

	private int indexOf(char c, int from, int to) {
		for (int i = from; i < to; i++) {
			if (this.line[i] == c) {
				return i;
			}
		}
		return -1;
	}

	private boolean regionEquals(int from, int to, byte[] expected) {
		return Arrays.equals(this.line, from, to, expected, 0, expected.length);
	}

	private boolean equalsIgnoreCase(int from, int to, byte[] lowerCase) {
		if (to - from != lowerCase.length) {
			return false;
		}
		for (int i = 0; i < lowerCase.length; i++) {
			if (toLowerCase(this.line[from + i]) != lowerCase[i]) {
				return false;
			}
		}
		return true;
	}

	private boolean containsIgnoreCase(int from, byte[] lowerCase) {
		for (int start = from; start + lowerCase.length <= this.lineLength; start++) {
			if (equalsIgnoreCase(start, start + lowerCase.length, lowerCase)) {
				return true;
			}
		}
		return false;
	}

	private static byte toLowerCase(byte b) {
		return (b >= 'A' && b <= 'Z') ? (byte) (b + ('a' - 'A')) : b;
	}

	private static byte[] ascii(String text) {
		return text.getBytes(StandardCharsets.US_ASCII);
	}

	/**
	 * What the stub needs from a request's header section; one instance per connection.
	 */
	private static final class RequestHead {

		long contentLength;

		boolean chunked;

		boolean close;

		boolean keepAlive;

		boolean expectContinue;

		void reset() {
			this.contentLength = 0;
			this.chunked = false;
			this.close = false;
			this.keepAlive = false;
			this.expectContinue = false;
		}

	}

	/**
	 * A request the stub refuses; the connection closes after the error response.
	 */
	private static final class BadRequest extends IOException {

		private final transient StubResponse response;

		BadRequest(StubResponse response) {
			super("Refused request");
			this.response = response;
		}

	}

}
