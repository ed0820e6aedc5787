package io.paracle.keys.benchmarks;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
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
 * The chat call with the JDK's own {@link HttpClient} (HTTP/1.1 forced, as a cleartext
 * HTTP/2 upgrade attempt has nothing to gain on loopback) and Jackson 3: the floor for
 * a starter that wants no HTTP dependency at all.
 *
 * @author paracle-keys
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 6, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(1)
@State(Scope.Benchmark)
public class RawJdkHttpClientBenchmark {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private HttpClient client;

	private URI uri;

	/**
	 * Create the client.
	 * @param stub the running stub server
	 */
	@Setup(Level.Trial)
	public void setUp(StubServerState stub) {
		this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(TIMEOUT).build();
		this.uri = URI.create(stub.chatCompletionsUrl());
	}

	/**
	 * Close the client where the JDK allows it (Java 21 and later).
	 * @throws Exception on a close failure
	 */
	@TearDown(Level.Trial)
	public void tearDown() throws Exception {
		if (this.client instanceof AutoCloseable closeable) {
			closeable.close();
		}
	}

	/**
	 * One chat call.
	 * @return the reply text
	 * @throws IOException on an I/O error
	 * @throws InterruptedException if interrupted while waiting for the response
	 */
	@Benchmark
	public String chat() throws IOException, InterruptedException {
		HttpRequest request = HttpRequest.newBuilder(this.uri)
			.timeout(TIMEOUT)
			.header("Content-Type", "application/json")
			.header("Accept", "application/json")
			.header("Authorization", ChatJson.AUTHORIZATION)
			.POST(HttpRequest.BodyPublishers.ofByteArray(ChatJson.requestBody()))
			.build();
		HttpResponse<byte[]> response = this.client.send(request, HttpResponse.BodyHandlers.ofByteArray());
		if (response.statusCode() != 200) {
			throw new IllegalStateException("Unexpected status " + response.statusCode());
		}
		return ChatJson.replyText(response.body());
	}

}
