package io.paracle.keys.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.concurrent.TimeUnit;

import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.util.Timeout;
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
 * The chat call with Apache HttpClient 5 (classic, blocking) and Jackson 3, written by hand: the floor of the
 * transport the starter uses, without Spring's {@code RestClient} on top.
 *
 * @author paracle-keys
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 6, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(1)
@State(Scope.Benchmark)
public class RawApacheHttpClientBenchmark {

	private CloseableHttpClient client;

	private URI uri;

	/**
	 * Create the client as the starter configures it: pooled connections, no automatic retries, redirects or
	 * cookies, 10&nbsp;s socket timeout.
	 * @param stub the running stub server
	 */
	@Setup(Level.Trial)
	public void setUp(StubServerState stub) {
		this.client = HttpClients.custom()
			.setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
				.setDefaultConnectionConfig(ConnectionConfig.custom()
					.setConnectTimeout(Timeout.ofSeconds(10))
					.setSocketTimeout(Timeout.ofSeconds(10))
					.build())
				.build())
			.disableAutomaticRetries()
			.disableRedirectHandling()
			.disableCookieManagement()
			.build();
		this.uri = URI.create(stub.chatCompletionsUrl());
	}

	/**
	 * Close the client and its connections.
	 * @throws IOException never in practice
	 */
	@TearDown(Level.Trial)
	public void tearDown() throws IOException {
		this.client.close();
	}

	/**
	 * One chat call.
	 * @return the reply text
	 * @throws IOException on an I/O error
	 */
	@Benchmark
	public String chat() throws IOException {
		HttpPost post = new HttpPost(this.uri);
		post.setHeader("Authorization", ChatJson.AUTHORIZATION);
		post.setHeader("Accept", "application/json");
		post.setEntity(new ByteArrayEntity(ChatJson.requestBody(), ContentType.APPLICATION_JSON));
		return this.client.execute(post, this::reply);
	}

	private String reply(ClassicHttpResponse response) throws IOException {
		if (response.getCode() != 200 || response.getEntity() == null) {
			throw new IllegalStateException("Unexpected status " + response.getCode());
		}
		try (InputStream body = response.getEntity().getContent()) {
			return ChatJson.replyText(ChatJson.MAPPER.readTree(body));
		}
	}

}
