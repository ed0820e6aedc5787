package io.paracle.keys.benchmarks;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
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
 * The library floor: the chat call with OkHttp 4.12 and Jackson 3, written by hand the
 * way a careful application would. No client a starter can offer should be much slower.
 *
 * @author paracle-keys
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 6, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(1)
@State(Scope.Benchmark)
public class RawOkHttpBenchmark {

	private static final MediaType JSON = MediaType.get("application/json");

	private OkHttpClient client;

	private HttpUrl url;

	/**
	 * Create the client; OkHttp's defaults include a 10&nbsp;s read timeout.
	 * @param stub the running stub server
	 */
	@Setup(Level.Trial)
	public void setUp(StubServerState stub) {
		this.client = new OkHttpClient();
		this.url = HttpUrl.get(stub.chatCompletionsUrl());
	}

	/**
	 * Release the client's threads and connections.
	 */
	@TearDown(Level.Trial)
	public void tearDown() {
		this.client.dispatcher().executorService().shutdown();
		this.client.connectionPool().evictAll();
	}

	/**
	 * One chat call.
	 * @return the reply text
	 * @throws IOException on an I/O error
	 */
	@Benchmark
	public String chat() throws IOException {
		Request request = new Request.Builder().url(this.url)
			.header("Authorization", ChatJson.AUTHORIZATION)
			.header("Accept", "application/json")
			.post(RequestBody.create(ChatJson.requestBody(), JSON))
			.build();
		try (Response response = this.client.newCall(request).execute()) {
			ResponseBody body = response.body();
			if (!response.isSuccessful() || body == null) {
				throw new IllegalStateException("Unexpected status " + response.code());
			}
			return ChatJson.replyText(ChatJson.MAPPER.readTree(body.byteStream()));
		}
	}

}
