package io.paracle.keys.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A small HTTP/1.1 server on 127.0.0.1 that answers every request with a scripted {@code text/event-stream}
 * (chunked), writing events with pauses between them, and records when the client closed the connection: what
 * WireMock cannot do (pauses between parts of one body, noticing a disconnect).
 */
public final class SseTestServer implements AutoCloseable {

	private final ServerSocket socket;

	private final Thread acceptor;

	private final List<Step> script = new CopyOnWriteArrayList<>();

	private volatile String contentType = "text/event-stream";

	private final List<String> requests = new CopyOnWriteArrayList<>();

	private final BlockingQueue<Long> closedAt = new LinkedBlockingQueue<>();

	private volatile long lastWriteNanos;

	private volatile boolean endBody = true;

	public SseTestServer() throws IOException {
		this.socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		this.acceptor = new Thread(this::accept, "sse-test-server");
		this.acceptor.setDaemon(true);
		this.acceptor.start();
	}

	public String baseUrl() {
		return "http://127.0.0.1:" + this.socket.getLocalPort();
	}

	/**
	 * Send this event (already formatted: {@code data: ...\n\n}) next.
	 */
	public SseTestServer event(String event) {
		this.script.add(new Step(event.getBytes(StandardCharsets.UTF_8), Duration.ZERO));
		return this;
	}

	/**
	 * Send these bytes (a binary event, e.g. an AWS event-stream message) next.
	 */
	public SseTestServer bytes(byte[] bytes) {
		this.script.add(new Step(bytes.clone(), Duration.ZERO));
		return this;
	}

	/**
	 * Answer with this content type instead of {@code text/event-stream}.
	 */
	public SseTestServer contentType(String contentType) {
		this.contentType = contentType;
		return this;
	}

	/**
	 * Wait this long before the next event, watching for the client to close the connection.
	 */
	public SseTestServer pause(Duration pause) {
		this.script.add(new Step(null, pause));
		return this;
	}

	/**
	 * Leave the body open after the script (the stream stalls) instead of ending it.
	 */
	public SseTestServer stallAtEnd() {
		this.endBody = false;
		return this;
	}

	/**
	 * Return the requests received so far: request line, headers and body.
	 */
	public List<String> requests() {
		return this.requests;
	}

	/**
	 * Wait for the client to close a connection.
	 * @return how long after the server's last write the client closed it, or {@code null} when it did not within
	 * the timeout
	 */
	public Duration awaitClientClose(Duration timeout) throws InterruptedException {
		Long closed = this.closedAt.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
		return (closed != null) ? Duration.ofNanos(closed - this.lastWriteNanos) : null;
	}

	private void accept() {
		while (!this.socket.isClosed()) {
			try {
				Socket client = this.socket.accept();
				Thread thread = new Thread(() -> serve(client), "sse-test-connection");
				thread.setDaemon(true);
				thread.start();
			}
			catch (IOException ex) {
				return;
			}
		}
	}

	private void serve(Socket client) {
		try (client) {
			InputStream in = client.getInputStream();
			String head = readHead(in);
			int length = 0;
			for (String line : head.split("\r\n")) {
				if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
					length = Integer.parseInt(line.substring(15).strip());
				}
			}
			this.requests.add(head + new String(in.readNBytes(length), StandardCharsets.UTF_8));
			OutputStream out = client.getOutputStream();
			out.write(("HTTP/1.1 200 OK\r\nContent-Type: " + this.contentType + "\r\nTransfer-Encoding: chunked\r\n\r\n")
				.getBytes(StandardCharsets.US_ASCII));
			out.flush();
			this.lastWriteNanos = System.nanoTime();
			for (Step step : this.script) {
				if (step.bytes() != null) {
					out.write((Integer.toHexString(step.bytes().length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
					out.write(step.bytes());
					out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
					out.flush();
					this.lastWriteNanos = System.nanoTime();
				}
				else if (watch(client, in, step.pause())) {
					return;
				}
			}
			if (this.endBody) {
				out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
				out.flush();
			}
			watch(client, in, Duration.ofSeconds(30));
		}
		catch (IOException ex) {
			// a write to a closed connection
			this.closedAt.add(System.nanoTime());
		}
	}

	/**
	 * Wait, reading from the client: a closed connection reads as its end.
	 * @return whether the client closed the connection
	 */
	private boolean watch(Socket client, InputStream in, Duration pause) throws IOException {
		long end = System.nanoTime() + pause.toNanos();
		client.setSoTimeout(10);
		while (System.nanoTime() - end < 0) {
			try {
				if (in.read() < 0) {
					this.closedAt.add(System.nanoTime());
					return true;
				}
			}
			catch (SocketTimeoutException ex) {
				// still open
			}
		}
		return false;
	}

	private static String readHead(InputStream in) throws IOException {
		ByteArrayOutputStream head = new ByteArrayOutputStream();
		int matched = 0;
		byte[] end = "\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
		while (matched < end.length) {
			int value = in.read();
			if (value < 0) {
				throw new IOException("The request ended early");
			}
			head.write(value);
			matched = (value == end[matched]) ? matched + 1 : ((value == end[0]) ? 1 : 0);
		}
		return head.toString(StandardCharsets.UTF_8);
	}

	@Override
	public void close() throws IOException {
		this.socket.close();
	}

	private record Step(byte[] bytes, Duration pause) {

	}


}
