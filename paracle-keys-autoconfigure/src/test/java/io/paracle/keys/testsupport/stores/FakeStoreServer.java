package io.paracle.keys.testsupport.stores;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.SSLContext;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;

/**
 * Base class for the wire-level secret store fakes: a JDK {@link HttpServer} (or
 * {@link HttpsServer}) on {@code 127.0.0.1} that records every request in a
 * {@link RequestJournal} and lets a subclass answer it.
 * <p>
 * The first {@link #start()} binds a random free port; later starts bind the same port
 * again, so {@link #stop()} followed by {@link #start()} simulates an outage and its
 * recovery without changing the client configuration. All methods are thread-safe.
 */
public abstract class FakeStoreServer implements AutoCloseable {

	private static final Duration REBIND_TIMEOUT = Duration.ofSeconds(5);

	private static final AtomicInteger THREAD_COUNTER = new AtomicInteger();

	private final String name;

	private final SSLContext sslContext;

	private final RequestJournal journal = new RequestJournal();

	private final Object monitor = new Object();

	private final AtomicInteger acceptedConnections = new AtomicInteger();

	private final Set<InetSocketAddress> clientEndpoints = ConcurrentHashMap.newKeySet();

	private volatile int port;

	private HttpServer server;

	private ExecutorService executor;

	/**
	 * Create a plain HTTP fake.
	 * @param name a short name used for thread names
	 */
	protected FakeStoreServer(String name) {
		this(name, null);
	}

	/**
	 * Create a fake that speaks HTTPS with the given server context, or plain HTTP when
	 * it is {@code null}.
	 * @param name a short name used for thread names
	 * @param sslContext the server-side TLS context, or {@code null}
	 */
	protected FakeStoreServer(String name, SSLContext sslContext) {
		this.name = name;
		this.sslContext = sslContext;
	}

	/**
	 * Start listening: on a random free port the first time, on the same port after a
	 * {@link #stop()}. Does nothing when already running.
	 * @return this server
	 */
	public FakeStoreServer start() {
		synchronized (this.monitor) {
			if (this.server != null) {
				return this;
			}
			HttpServer created = bind();
			ExecutorService pool = Executors.newCachedThreadPool((task) -> {
				Thread thread = new Thread(task, "fake-" + this.name + "-" + THREAD_COUNTER.incrementAndGet());
				thread.setDaemon(true);
				return thread;
			});
			created.setExecutor(pool);
			created.createContext("/", this::exchange);
			created.start();
			this.port = created.getAddress().getPort();
			this.executor = pool;
			this.server = created;
			return this;
		}
	}

	/**
	 * Stop listening and drop every open connection at once; the port is kept for the
	 * next {@link #start()}. Does nothing when not running.
	 */
	public void stop() {
		synchronized (this.monitor) {
			if (this.server == null) {
				return;
			}
			this.server.stop(0);
			this.executor.shutdownNow();
			this.server = null;
			this.executor = null;
		}
	}

	/**
	 * Same as {@link #stop()}.
	 */
	@Override
	public void close() {
		stop();
	}

	/**
	 * Return whether the server is listening.
	 * @return {@code true} between {@link #start()} and {@link #stop()}
	 */
	public boolean isRunning() {
		synchronized (this.monitor) {
			return this.server != null;
		}
	}

	/**
	 * Return the port, fixed by the first {@link #start()}.
	 * @return the port
	 * @throws IllegalStateException if the server was never started
	 */
	public int port() {
		int current = this.port;
		if (current == 0) {
			throw new IllegalStateException("Fake " + this.name + " server was never started");
		}
		return current;
	}

	/**
	 * Return the base URL, for example {@code http://127.0.0.1:51234}, without a trailing
	 * slash.
	 * @return the base URL
	 */
	public String baseUrl() {
		return ((this.sslContext != null) ? "https" : "http") + "://127.0.0.1:" + port();
	}

	/**
	 * Return the journal of requests received so far.
	 * @return the journal
	 */
	public RequestJournal journal() {
		return this.journal;
	}

	/**
	 * Return how many connections the server accepted so far: for HTTPS every TLS connection (counted when the
	 * server configures its handshake, once per accepted socket), for plain HTTP every client endpoint (address
	 * and port) that sent a request.
	 * @return the number of accepted connections
	 */
	public int acceptedConnections() {
		return (this.sslContext != null) ? this.acceptedConnections.get() : this.clientEndpoints.size();
	}

	/**
	 * Answer one request. Called concurrently from server threads, after the request was
	 * recorded in the journal.
	 * @param request the request
	 * @return the reply
	 */
	protected abstract FakeResponse handle(RecordedRequest request);

	private HttpServer bind() {
		long deadline = System.nanoTime() + REBIND_TIMEOUT.toNanos();
		while (true) {
			try {
				return create(new InetSocketAddress(InetAddress.getLoopbackAddress(), this.port));
			}
			catch (BindException ex) {
				// The port was just released; on a busy machine the kernel may need a moment.
				if (this.port == 0 || System.nanoTime() > deadline) {
					throw new IllegalStateException("Cannot bind fake " + this.name + " server to port " + this.port,
							ex);
				}
				pause();
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}
	}

	private HttpServer create(InetSocketAddress address) throws IOException {
		if (this.sslContext == null) {
			return HttpServer.create(address, 0);
		}
		HttpsServer https = HttpsServer.create(address, 0);
		https.setHttpsConfigurator(new HttpsConfigurator(this.sslContext) {

			@Override
			public void configure(HttpsParameters parameters) {
				// called by the JDK server once for each socket it accepts
				FakeStoreServer.this.acceptedConnections.incrementAndGet();
				super.configure(parameters);
			}

		});
		return https;
	}

	private static void pause() {
		try {
			Thread.sleep(50);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while rebinding", ex);
		}
	}

	private void exchange(HttpExchange exchange) throws IOException {
		try (exchange) {
			this.clientEndpoints.add(exchange.getRemoteAddress());
			RecordedRequest request = new RecordedRequest(exchange.getRequestMethod(),
					exchange.getRequestURI().getPath(), exchange.getRequestURI().getRawQuery(),
					exchange.getRequestHeaders(), readBody(exchange));
			this.journal.record(request);
			FakeResponse response;
			try {
				response = handle(request);
			}
			catch (RuntimeException ex) {
				response = FakeResponse.json(500,
						"{\"error\":" + Json.string("Fake " + this.name + " failed: " + ex.getClass().getName()) + "}");
			}
			send(exchange, response);
		}
	}

	private static String readBody(HttpExchange exchange) throws IOException {
		try (InputStream body = exchange.getRequestBody()) {
			return new String(body.readAllBytes(), StandardCharsets.UTF_8);
		}
	}

	private static void send(HttpExchange exchange, FakeResponse response) throws IOException {
		response.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
		byte[] body = response.body().getBytes(StandardCharsets.UTF_8);
		if (body.length == 0) {
			exchange.sendResponseHeaders(response.status(), -1);
			return;
		}
		exchange.sendResponseHeaders(response.status(), body.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(body);
		}
	}

}
