package io.paracle.keys.benchmarks;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in for an OpenAI-compatible endpoint, bound to {@code 127.0.0.1}, that
 * answers every {@code POST /v1/chat/completions} with the same realistic chat
 * completion and every {@code GET /v1/models} with a one-model list.
 * <p>
 * Built to stay out of the measurements: blocking sockets with one pooled thread per
 * keep-alive connection (no hand-off between a selector and workers), responses encoded
 * once and written with a single {@code write}, {@code TCP_NODELAY}, and a request parser
 * ({@link StubConnection}) that reuses its buffers, so serving a request allocates
 * nothing. It speaks HTTP/1.1 with keep-alive, {@code Content-Length} and chunked
 * request bodies, {@code Expect: 100-continue} and {@code Connection: close}. An
 * {@code Upgrade: h2c} request, as sent by the JDK {@code HttpClient} in its default
 * HTTP/2 mode, is answered in HTTP/1.1 as RFC&nbsp;9110 allows, and the client carries on
 * with HTTP/1.1.
 * <p>
 * Run it with {@code java -cp benchmarks.jar io.paracle.keys.benchmarks.StubLlmServer
 * [port] [--exit-with-parent]}; port {@code 0} picks a free port. Once the server listens
 * it prints {@code PORT=<n>} on standard output.
 *
 * @author paracle-keys
 */
public final class StubLlmServer implements AutoCloseable {

	/** Chat completion path, relative to the server root. */
	public static final String CHAT_COMPLETIONS_PATH = "/v1/chat/completions";

	/** Model list path, relative to the server root. */
	public static final String MODELS_PATH = "/v1/models";

	/** Text chunks of the short stream, {@link #streamPath(int)}. */
	public static final int STREAM_SHORT_CHUNKS = 20;

	/** Text chunks of the long stream: with the short one, the cost of one more chunk. */
	public static final int STREAM_LONG_CHUNKS = 200;

	/** Prefix of the line announcing the bound port on standard output. */
	public static final String PORT_PREFIX = "PORT=";

	/** Option that makes the server exit as soon as the process that started it exits. */
	public static final String EXIT_WITH_PARENT = "--exit-with-parent";

	/** The assistant's reply inside {@link #CHAT_COMPLETION}. */
	public static final String REPLY = "Hello! How can I help you today?";

	/**
	 * The chat completion served for every request: the shape and field order of a real
	 * {@code gpt-4o-mini} reply, about 670 bytes.
	 */
	public static final String CHAT_COMPLETION = """
			{
			  "id": "chatcmpl-BqZ3xK9mTnV7fW2pLd8sYc4hR1eGu",
			  "object": "chat.completion",
			  "created": 1764230400,
			  "model": "gpt-4o-mini-2024-07-18",
			  "choices": [
			    {
			      "index": 0,
			      "message": {
			        "role": "assistant",
			        "content": "%s",
			        "refusal": null
			      },
			      "logprobs": null,
			      "finish_reason": "stop"
			    }
			  ],
			  "usage": {
			    "prompt_tokens": 10,
			    "completion_tokens": 9,
			    "total_tokens": 19,
			    "prompt_tokens_details": {"cached_tokens": 0, "audio_tokens": 0},
			    "completion_tokens_details": {"reasoning_tokens": 0, "audio_tokens": 0}
			  },
			  "system_fingerprint": "fp_560af6e559"
			}
			""".formatted(REPLY);

	/** The model list served for {@code GET /v1/models}. */
	public static final String MODELS = """
			{
			  "object": "list",
			  "data": [
			    {
			      "id": "gpt-4o-mini",
			      "object": "model",
			      "created": 1721172741,
			      "owned_by": "system"
			    }
			  ]
			}
			""";

	/**
	 * Return the chat completions path that streams a reply of so many text chunks ({@link #STREAM_SHORT_CHUNKS} or
	 * {@link #STREAM_LONG_CHUNKS}): {@code /stream<n>/v1/chat/completions}, so an OpenAI base URL of
	 * {@code /stream<n>/v1} selects it whatever the request body says.
	 * @param chunks the text chunks
	 * @return the path
	 */
	public static String streamPath(int chunks) {
		return "/stream" + chunks + CHAT_COMPLETIONS_PATH;
	}

	/**
	 * Return the text of one chunk of a streamed reply: one token-sized word.
	 * @param index the chunk index
	 * @return the text
	 */
	public static String streamToken(int index) {
		return (index == 0) ? "Hello" : " w" + index;
	}

	private static final int DEFAULT_MAX_CONNECTIONS = 64;

	private static final int BACKLOG = 128;

	private final ServerSocket serverSocket;

	private final ThreadPoolExecutor connectionThreads;

	private final Set<Socket> connections = ConcurrentHashMap.newKeySet();

	private final int maxConnections;

	private final Thread acceptor;

	private StubLlmServer(ServerSocket serverSocket, int maxConnections) {
		this.serverSocket = serverSocket;
		this.maxConnections = maxConnections;
		this.connectionThreads = new ThreadPoolExecutor(0, maxConnections, 60, TimeUnit.SECONDS,
				new SynchronousQueue<>(), new DaemonThreadFactory());
		this.acceptor = new Thread(this::acceptConnections, "stub-llm-acceptor");
	}

	/**
	 * Start a server on {@code 127.0.0.1} that holds up to 64 connections at once.
	 * @param port the port to bind, or {@code 0} for any free port
	 * @return the running server
	 * @throws IOException if the port cannot be bound
	 */
	public static StubLlmServer start(int port) throws IOException {
		return start(port, DEFAULT_MAX_CONNECTIONS);
	}

	/**
	 * Start a server on {@code 127.0.0.1}.
	 * @param port the port to bind, or {@code 0} for any free port
	 * @param maxConnections the most connections served at once; more are closed at once
	 * @return the running server
	 * @throws IOException if the port cannot be bound
	 */
	public static StubLlmServer start(int port, int maxConnections) throws IOException {
		ServerSocket serverSocket = new ServerSocket();
		serverSocket.setReuseAddress(true);
		serverSocket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), BACKLOG);
		StubLlmServer server = new StubLlmServer(serverSocket, maxConnections);
		server.acceptor.start();
		return server;
	}

	/**
	 * Return the port the server listens on.
	 * @return the bound port
	 */
	public int port() {
		return this.serverSocket.getLocalPort();
	}

	/**
	 * Stop accepting, close every open connection and release the threads.
	 */
	@Override
	public void close() {
		closeQuietly(this.serverSocket);
		for (Socket connection : this.connections) {
			closeQuietly(connection);
		}
		this.connectionThreads.shutdownNow();
	}

	private void acceptConnections() {
		while (!this.serverSocket.isClosed()) {
			Socket socket;
			try {
				socket = this.serverSocket.accept();
			}
			catch (IOException ex) {
				continue;
			}
			if (this.connections.size() >= this.maxConnections) {
				closeQuietly(socket);
				continue;
			}
			this.connections.add(socket);
			try {
				this.connectionThreads.execute(new StubConnection(socket, () -> this.connections.remove(socket)));
			}
			catch (RejectedExecutionException ex) {
				this.connections.remove(socket);
				closeQuietly(socket);
			}
		}
	}

	private static void closeQuietly(AutoCloseable closeable) {
		try {
			closeable.close();
		}
		catch (Exception ex) {
			// closing anyway
		}
	}

	/**
	 * Start the server from the command line.
	 * @param args {@code [port] [--exit-with-parent]}
	 * @throws IOException if the port cannot be bound
	 */
	public static void main(String[] args) throws IOException {
		List<String> arguments = Arrays.asList(args);
		List<String> positional = arguments.stream().filter((arg) -> !arg.startsWith("--")).toList();
		int port = positional.isEmpty() ? 0 : Integer.parseInt(positional.get(0));
		StubLlmServer server = start(port);
		Runtime.getRuntime().addShutdownHook(new Thread(server::close, "stub-llm-shutdown"));
		if (arguments.contains(EXIT_WITH_PARENT)) {
			ProcessHandle.current().parent().ifPresent((parent) -> parent.onExit().thenRun(() -> System.exit(0)));
		}
		PrintStream out = System.out;
		out.println(PORT_PREFIX + server.port());
		out.flush();
	}

	/**
	 * Names the connection threads and keeps them from holding the JVM open; the
	 * acceptor thread does that.
	 */
	private static final class DaemonThreadFactory implements ThreadFactory {

		private final AtomicInteger count = new AtomicInteger();

		@Override
		public Thread newThread(Runnable task) {
			Thread thread = new Thread(task, "stub-llm-connection-" + this.count.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		}

	}

}
