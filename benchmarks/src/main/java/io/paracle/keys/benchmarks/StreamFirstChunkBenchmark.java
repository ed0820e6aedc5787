package io.paracle.keys.benchmarks;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Time to first chunk: from sending a streamed chat request to holding its first text chunk, per client
 * ({@link StreamClients}). The rest of the stream is read in a per-invocation tear-down, outside the measured
 * time, so the connection goes back to the pool as in real use.
 *
 * @author paracle-keys
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 6, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(1)
@State(Scope.Benchmark)
public class StreamFirstChunkBenchmark {

	/** The client. */
	@Param({ "raw", "paracle", "paracle-rest-client", "spring-ai", "langchain4j" })
	public String client = "raw";

	private StreamClients.Client streams;

	private StreamClients.Open open;

	/**
	 * Create the client.
	 * @param stub the running stub server
	 */
	@Setup(Level.Trial)
	public void setUp(StubServerState stub) {
		this.streams = StreamClients.create(this.client, stub.streamBaseUrl(StubLlmServer.STREAM_SHORT_CHUNKS));
	}

	/**
	 * Close the client.
	 * @throws Exception never in practice
	 */
	@TearDown(Level.Trial)
	public void tearDown() throws Exception {
		this.streams.close();
	}

	/**
	 * Read the rest of the stream the measured call opened.
	 */
	@TearDown(Level.Invocation)
	public void readRest() {
		if (this.open != null) {
			this.open.rest();
			this.open = null;
		}
	}

	/**
	 * Open a stream and read its first text chunk.
	 * @return the chunk's text
	 */
	@Benchmark
	public String firstChunk() {
		this.open = this.streams.open();
		return this.open.firstChunk();
	}

}
