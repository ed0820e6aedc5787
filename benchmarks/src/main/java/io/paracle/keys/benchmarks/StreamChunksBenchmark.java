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
 * A whole streamed reply of 20 or 200 text chunks, per client ({@link StreamClients}). With {@code -prof gc},
 * the difference of {@code gc.alloc.rate.norm} between the two lengths divided by 180 is the allocation of one
 * more chunk, free of the per-call cost.
 *
 * @author paracle-keys
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 6, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(1)
@State(Scope.Benchmark)
public class StreamChunksBenchmark {

	/** The client. */
	@Param({ "raw", "paracle", "paracle-rest-client", "spring-ai", "langchain4j" })
	public String client = "raw";

	/** Text chunks of the reply. */
	@Param({ "20", "200" })
	public int chunks = StubLlmServer.STREAM_SHORT_CHUNKS;

	private StreamClients.Client streams;

	/**
	 * Create the client.
	 * @param stub the running stub server
	 */
	@Setup(Level.Trial)
	public void setUp(StubServerState stub) {
		this.streams = StreamClients.create(this.client, stub.streamBaseUrl(this.chunks));
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
	 * Read a whole stream.
	 * @return the number of text chunks read
	 */
	@Benchmark
	public int stream() {
		StreamClients.Open open = this.streams.open();
		return (open.firstChunk() != null ? 1 : 0) + open.rest();
	}

}
