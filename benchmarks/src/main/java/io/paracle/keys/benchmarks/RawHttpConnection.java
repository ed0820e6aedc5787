package io.paracle.keys.benchmarks;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * One keep-alive HTTP/1.1 connection to the {@link StubLlmServer} on {@code 127.0.0.1},
 * speaking just enough HTTP to post JSON and read a {@code Content-Length} framed
 * answer. It is the no-library floor: one buffered write per request, a byte-level
 * header scan and a reused body buffer. Not a general HTTP client: no chunked
 * responses, no redirects, no reconnects.
 *
 * @author paracle-keys
 */
final class RawHttpConnection implements Closeable {

	private static final byte[] CONTENT_LENGTH = "content-length:".getBytes(StandardCharsets.US_ASCII);

	private static final byte[] CRLF = { '\r', '\n' };

	private static final int MAX_BODY = 64 * 1024;

	private final Socket socket;

	private final byte[] headPrefix;

	private final OutputStream out;

	private final InputStream in;

	private final byte[] line = new byte[512];

	private byte[] body = new byte[4096];

	private int bodyLength;

	/**
	 * Connect to the stub.
	 * @param port the stub's port
	 * @throws IOException if the connection fails
	 */
	RawHttpConnection(int port) throws IOException {
		this.socket = new Socket(InetAddress.getLoopbackAddress(), port);
		this.socket.setTcpNoDelay(true);
		this.socket.setSoTimeout(10_000);
		this.headPrefix = ("Host: 127.0.0.1:" + port + "\r\n" + "Content-Type: application/json\r\n"
				+ "Accept: application/json\r\n" + "Authorization: Bearer " + ChatJson.API_KEY + "\r\n"
				+ "Content-Length: ")
			.getBytes(StandardCharsets.US_ASCII);
		this.out = new BufferedOutputStream(this.socket.getOutputStream(), 8192);
		this.in = new BufferedInputStream(this.socket.getInputStream(), 8192);
	}

	/**
	 * Post a JSON body and read the whole response; the body is then available from
	 * {@link #body()} and {@link #bodyLength()}.
	 * @param path the request path
	 * @param json the request body
	 * @return the response status
	 * @throws IOException on an I/O error or an unsupported response
	 */
	int postJson(String path, byte[] json) throws IOException {
		writeAscii("POST ");
		writeAscii(path);
		writeAscii(" HTTP/1.1\r\n");
		this.out.write(this.headPrefix);
		writeAscii(Integer.toString(json.length));
		this.out.write(CRLF);
		this.out.write(CRLF);
		this.out.write(json);
		this.out.flush();
		return readResponse();
	}

	/**
	 * Return the buffer holding the last response body.
	 * @return the body buffer, valid up to {@link #bodyLength()}
	 */
	byte[] body() {
		return this.body;
	}

	/**
	 * Return the length of the last response body.
	 * @return the number of valid bytes in {@link #body()}
	 */
	int bodyLength() {
		return this.bodyLength;
	}

	@Override
	public void close() throws IOException {
		this.socket.close();
	}

	private void writeAscii(String text) throws IOException {
		for (int i = 0; i < text.length(); i++) {
			this.out.write(text.charAt(i));
		}
	}

	private int readResponse() throws IOException {
		int length = readLine();
		if (length < 12) {
			throw new IOException("Malformed status line");
		}
		int status = (this.line[9] - '0') * 100 + (this.line[10] - '0') * 10 + (this.line[11] - '0');
		int contentLength = -1;
		while ((length = readLine()) > 0) {
			if (startsWithIgnoreCase(length, CONTENT_LENGTH)) {
				contentLength = parseInt(CONTENT_LENGTH.length, length);
			}
		}
		if (contentLength < 0 || contentLength > MAX_BODY) {
			throw new IOException("Unsupported response framing, Content-Length " + contentLength);
		}
		if (contentLength > this.body.length) {
			this.body = new byte[contentLength];
		}
		if (this.in.readNBytes(this.body, 0, contentLength) != contentLength) {
			throw new IOException("Connection closed in the response body");
		}
		this.bodyLength = contentLength;
		return status;
	}

	/**
	 * Read one header line into {@link #line}, without its CRLF.
	 * @return the line length
	 */
	private int readLine() throws IOException {
		int length = 0;
		int b;
		while ((b = this.in.read()) != '\n') {
			if (b == -1) {
				throw new IOException("Connection closed by the server");
			}
			if (b != '\r') {
				if (length == this.line.length) {
					throw new IOException("Header line too long");
				}
				this.line[length++] = (byte) b;
			}
		}
		return length;
	}

	private boolean startsWithIgnoreCase(int length, byte[] prefix) {
		if (length < prefix.length) {
			return false;
		}
		for (int i = 0; i < prefix.length; i++) {
			if (Character.toLowerCase(this.line[i]) != prefix[i]) {
				return false;
			}
		}
		return true;
	}

	private int parseInt(int from, int to) {
		int value = 0;
		for (int i = from; i < to; i++) {
			byte b = this.line[i];
			if (b >= '0' && b <= '9') {
				value = value * 10 + (b - '0');
			}
		}
		return value;
	}

}
