package io.paracle.keys.benchmarks;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * JMH state that runs a {@link StubLlmServer} in a separate JVM for the whole trial, so
 * the server's CPU time and allocations stay out of the measured JVM's
 * {@code gc.alloc.rate.norm}. The child JVM is the same {@code java} binary with the same
 * class path as the benchmark fork. It is warmed with a bounded number of plain-socket
 * requests before the first benchmark iteration and destroyed in {@link #stop()}; it
 * also exits on its own if the benchmark fork dies.
 *
 * @author paracle-keys
 */
@State(Scope.Benchmark)
public class StubServerState {

	/** Requests sent to the fresh stub before measuring, so it is compiled and its pools are full. */
	static final int WARM_UP_REQUESTS = 5_000;

	private static final long START_TIMEOUT_SECONDS = 30;

	private static final List<String> STUB_JVM_OPTIONS = List.of("-Xms64m", "-Xmx256m", "-XX:+UseSerialGC",
			"-Djava.net.preferIPv4Stack=true");

	private Process process;

	private int port;

	/**
	 * Start the stub JVM and wait until it listens.
	 * @throws Exception if the stub does not start
	 */
	@Setup(Level.Trial)
	public void start() throws Exception {
		this.process = new ProcessBuilder(command()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
		try {
			this.port = readPort(this.process);
			warmUp();
		}
		catch (Exception ex) {
			stop();
			throw ex;
		}
	}

	/**
	 * Destroy the stub JVM.
	 * @throws InterruptedException if interrupted while waiting for the stub to exit
	 */
	@TearDown(Level.Trial)
	public void stop() throws InterruptedException {
		if (this.process != null) {
			this.process.destroy();
			if (!this.process.waitFor(5, TimeUnit.SECONDS)) {
				this.process.destroyForcibly();
			}
			this.process = null;
		}
	}

	/**
	 * Return the port of the running stub.
	 * @return the port
	 */
	public int port() {
		return this.port;
	}

	/**
	 * Return the stub's root URL, such as {@code http://127.0.0.1:41234}.
	 * @return the root URL, without a trailing slash
	 */
	public String rootUrl() {
		return "http://127.0.0.1:" + this.port;
	}

	/**
	 * Return the OpenAI-style base URL, {@code <root>/v1}, as SDKs expect it.
	 * @return the base URL, without a trailing slash
	 */
	public String openAiBaseUrl() {
		return rootUrl() + "/v1";
	}

	/**
	 * Return the OpenAI base URL whose chat completions stream a reply of so many text chunks.
	 * @param chunks {@link StubLlmServer#STREAM_SHORT_CHUNKS} or {@link StubLlmServer#STREAM_LONG_CHUNKS}
	 * @return the base URL, {@code http://127.0.0.1:<port>/stream<n>/v1}
	 */
	public String streamBaseUrl(int chunks) {
		return rootUrl() + "/stream" + chunks + "/v1";
	}

	/**
	 * Return the full chat completions URL.
	 * @return the chat completions URL
	 */
	public String chatCompletionsUrl() {
		return rootUrl() + StubLlmServer.CHAT_COMPLETIONS_PATH;
	}

	private static List<String> command() {
		String java = ProcessHandle.current()
			.info()
			.command()
			.orElse(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java");
		List<String> command = new ArrayList<>();
		command.add(java);
		command.addAll(STUB_JVM_OPTIONS);
		command.add("-cp");
		command.add(System.getProperty("java.class.path"));
		command.add(StubLlmServer.class.getName());
		command.add("0");
		command.add(StubLlmServer.EXIT_WITH_PARENT);
		return command;
	}

	private static int readPort(Process process) throws Exception {
		BufferedReader reader = new BufferedReader(
				new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
		CompletableFuture<Integer> port = CompletableFuture.supplyAsync(() -> {
			try {
				for (String line = reader.readLine(); line != null; line = reader.readLine()) {
					if (line.startsWith(StubLlmServer.PORT_PREFIX)) {
						return Integer.parseInt(line.substring(StubLlmServer.PORT_PREFIX.length()).trim());
					}
				}
				throw new IllegalStateException("Stub server exited before announcing its port");
			}
			catch (IOException ex) {
				throw new IllegalStateException("Could not read the stub server's output", ex);
			}
		});
		return port.get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
	}

	/**
	 * Send {@link #WARM_UP_REQUESTS} chat requests over one keep-alive connection.
	 */
	private void warmUp() throws IOException {
		byte[] body = ChatJson.requestBody();
		try (RawHttpConnection connection = new RawHttpConnection(this.port)) {
			for (int i = 0; i < WARM_UP_REQUESTS; i++) {
				int status = connection.postJson(StubLlmServer.CHAT_COMPLETIONS_PATH, body);
				if (status != 200) {
					throw new IllegalStateException("Stub server answered " + status + " during warm-up");
				}
			}
		}
	}

}
