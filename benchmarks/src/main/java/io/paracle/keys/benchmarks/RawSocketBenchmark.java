package io.paracle.keys.benchmarks;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The floor under every floor: the same chat call over a plain keep-alive socket with
 * no HTTP library, only Jackson 3 for the JSON. Its time is the stub server, the loopback
 * round trip and the JSON work; whatever a client spends above it is the client's own
 * cost. It also shows the stub is not the bottleneck of the other benchmarks.
 *
 * @author paracle-keys
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 6, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(1)
@State(Scope.Benchmark)
public class RawSocketBenchmark {

	private RawHttpConnection connection;

	/**
	 * Open the connection.
	 * @param stub the running stub server
	 * @throws IOException if the connection fails
	 */
	@Setup(Level.Trial)
	public void setUp(StubServerState stub) throws IOException {
		this.connection = new RawHttpConnection(stub.port());
	}

	/**
	 * Close the connection.
	 * @throws IOException on a close failure
	 */
	@TearDown(Level.Trial)
	public void tearDown() throws IOException {
		this.connection.close();
	}

	/**
	 * One chat call.
	 * @return the reply text
	 * @throws IOException on an I/O error
	 */
	@Benchmark
	public String chat() throws IOException {
		int status = this.connection.postJson(StubLlmServer.CHAT_COMPLETIONS_PATH, ChatJson.requestBody());
		if (status != 200) {
			throw new IllegalStateException("Unexpected status " + status);
		}
		return ChatJson.replyText(this.connection.body(), 0, this.connection.bodyLength());
	}

}
