package io.paracle.keys.benchmarks;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.Callable;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import io.micrometer.core.instrument.MeterRegistry;
import io.paracle.keys.metrics.ApiCallMetrics;
import io.paracle.keys.metrics.KeyPoolMeters;
import io.paracle.keys.provider.LlmProviders;
import io.paracle.keys.resilience.KeyPools;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;

/**
 * One call through every benchmark against a stub in its own JVM, started and stopped
 * by {@link StubServerState}: proves each benchmark measures a working call, without
 * running JMH.
 *
 * @author paracle-keys
 */
class BenchmarkSmokeTests {

	private static final StubServerState stub = new StubServerState();

	@BeforeAll
	static void startStub() throws Exception {
		stub.start();
		assertThat(stub.port()).isPositive();
	}

	@AfterAll
	static void stopStub() throws Exception {
		int port = stub.port();
		stub.stop();
		assertThatIOException().isThrownBy(() -> new RawHttpConnection(port).close());
	}

	@Test
	void rawSocket() throws IOException {
		RawSocketBenchmark benchmark = new RawSocketBenchmark();
		benchmark.setUp(stub);
		try {
			assertThat(benchmark.chat()).isEqualTo(StubLlmServer.REPLY);
		}
		finally {
			benchmark.tearDown();
		}
	}

	@Test
	void rawOkHttp() throws Exception {
		RawOkHttpBenchmark benchmark = new RawOkHttpBenchmark();
		benchmark.setUp(stub);
		twoRepliesThenTearDown(benchmark::chat, benchmark::tearDown);
	}

	@Test
	void rawApacheHttpClient() throws Exception {
		RawApacheHttpClientBenchmark benchmark = new RawApacheHttpClientBenchmark();
		benchmark.setUp(stub);
		twoRepliesThenTearDown(benchmark::chat, benchmark::tearDown);
	}

	@Test
	void rawJdkHttpClient() throws Exception {
		RawJdkHttpClientBenchmark benchmark = new RawJdkHttpClientBenchmark();
		benchmark.setUp(stub);
		twoRepliesThenTearDown(benchmark::chat, benchmark::tearDown);
	}

	@ParameterizedTest
	@CsvSource({ "jdk, tree", "jdk-pooled, bytes", "apache, tree", "apache, bytes", "reactor, tree", "reactor, bytes",
			"jetty, tree", "jetty, bytes", "simple, tree", "simple, bytes" })
	void restClient(String transport, String body) throws Exception {
		RestClientTransportBenchmark benchmark = new RestClientTransportBenchmark();
		benchmark.transport = transport;
		benchmark.body = body;
		benchmark.setUp(stub);
		twoRepliesThenTearDown(benchmark::chat, benchmark::tearDown);
	}

	@Test
	void springAi() {
		SpringAiOpenAiBenchmark benchmark = new SpringAiOpenAiBenchmark();
		benchmark.setUp(stub);
		assertThat(benchmark.chat()).isEqualTo(StubLlmServer.REPLY);
		assertThat(benchmark.chat()).isEqualTo(StubLlmServer.REPLY);
	}

	@ParameterizedTest
	@ValueSource(strings = { "plain", "paracle" })
	void springAiOnParacle(String keys) {
		SpringAiOnParacleBenchmark benchmark = new SpringAiOnParacleBenchmark();
		benchmark.keys = keys;
		benchmark.setUp(stub);
		try {
			assertThat(benchmark.chat()).isEqualTo(StubLlmServer.REPLY);
			assertThat(benchmark.chat()).isEqualTo(StubLlmServer.REPLY);
			io.micrometer.core.instrument.MeterRegistry registry = benchmark.context()
				.getBean(io.micrometer.core.instrument.MeterRegistry.class);
			if (keys.equals("paracle")) {
				assertThat(registry.get("api.calls").tag("provider", "openai").tag("outcome", "success").counter()
					.count()).as("both calls ran through paracle's pipeline").isEqualTo(2);
			}
			else {
				assertThat(registry.find("api.calls").counters()).as("plain calls bypass paracle").isEmpty();
			}
		}
		finally {
			benchmark.tearDown();
		}
	}

	@Test
	void langChain4j() {
		LangChain4jOpenAiBenchmark benchmark = new LangChain4jOpenAiBenchmark();
		benchmark.setUp(stub);
		assertThat(benchmark.chat()).isEqualTo(StubLlmServer.REPLY);
		assertThat(benchmark.chat()).isEqualTo(StubLlmServer.REPLY);
	}

	@Test
	void paracleLangChain4j() throws Exception {
		ParacleLangChain4jBenchmark benchmark = new ParacleLangChain4jBenchmark();
		benchmark.setUp(stub);
		twoRepliesThenTearDown(benchmark::chat, benchmark::tearDown);
	}

	@ParameterizedTest
	@ValueSource(strings = { "rest-client", "direct" })
	void paracle(String httpClient) {
		ParacleOpenAiBenchmark benchmark = new ParacleOpenAiBenchmark();
		benchmark.httpClient = httpClient;
		benchmark.setUp(stub);
		try {
			assertThat(benchmark.chat()).isEqualTo(StubLlmServer.REPLY);
			assertThat(benchmark.chat()).isEqualTo(StubLlmServer.REPLY);
			// the whole stack took part: meters, key pool, client-side limit, last call
			MeterRegistry registry = benchmark.context().getBean(MeterRegistry.class);
			assertThat(registry.get(ApiCallMetrics.CALLS)
				.tags(ApiCallMetrics.PROVIDER, "openai", ApiCallMetrics.OUTCOME, "success", ApiCallMetrics.STATUS, "200")
				.counter()
				.count()).isEqualTo(2);
			assertThat(registry.get(ApiCallMetrics.TOKEN_USAGE).summaries()).hasSize(2);
			assertThat(registry.get(KeyPoolMeters.CALLS).counter().count()).isEqualTo(2);
			assertThat(registry.get(KeyPoolMeters.WAIT).timer().count()).isEqualTo(2);
			KeyPools pools = benchmark.context().getBean(KeyPools.class);
			assertThat(pools.limiter("openai").getRequestsPerMinute()).isEqualTo(100_000_000);
			assertThat(pools.lastCall("openai").outcome()).isEqualTo("success");
			// the chosen client sent the calls: only RestClient records Boot's http.client.requests
			assertThat(registry.find("http.client.requests").timers()).hasSize("direct".equals(httpClient) ? 0 : 1);
		}
		finally {
			benchmark.tearDown();
		}
	}

	@Test
	void paracleWithTheDefaultHttpClient() {
		ParacleOpenAiBenchmark benchmark = new ParacleOpenAiBenchmark();
		assertThat(benchmark.httpClient).isEqualTo("default");
		benchmark.setUp(stub);
		try {
			assertThat(benchmark.chat()).isEqualTo(StubLlmServer.REPLY);
			assertThat(benchmark.chat()).isEqualTo(StubLlmServer.REPLY);
			MeterRegistry registry = benchmark.context().getBean(MeterRegistry.class);
			assertThat(registry.get(ApiCallMetrics.CALLS)
				.tags(ApiCallMetrics.PROVIDER, "openai", ApiCallMetrics.OUTCOME, "success", ApiCallMetrics.STATUS, "200")
				.counter()
				.count()).isEqualTo(2);
			// nothing set: direct, so no RestClient and no http.client.requests
			assertThat(registry.find("http.client.requests").timers()).isEmpty();
		}
		finally {
			benchmark.tearDown();
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "none", "redis" })
	void sharedState(String store) {
		// CI always has Redis on 127.0.0.1:6379 (.ci/run); elsewhere the redis row is skipped
		Assumptions.assumeTrue("none".equals(store) || redisAnswers(),
				"No Redis on 127.0.0.1:6379: start one (redis-server) to smoke-test the redis row");
		SharedStateBenchmark benchmark = new SharedStateBenchmark();
		benchmark.store = store;
		benchmark.setUp(stub);
		try {
			assertThat(benchmark.chat()).isEqualTo(StubLlmServer.REPLY);
			assertThat(benchmark.chat()).isEqualTo(StubLlmServer.REPLY);
			KeyPools pools = benchmark.context().getBean(KeyPools.class);
			assertThat(pools.budget("openai")).isNotNull();
			assertThat(pools.sharedState().getClass().getSimpleName())
				.isEqualTo("redis".equals(store) ? "RedisSharedKeyState" : "");
			assertThat(benchmark.context().getBeanNamesForType(
					org.springframework.data.redis.connection.RedisConnectionFactory.class))
				.hasSize("redis".equals(store) ? 1 : 0);
		}
		finally {
			benchmark.tearDown();
		}
	}

	private static boolean redisAnswers() {
		try (java.net.Socket socket = new java.net.Socket()) {
			socket.connect(new java.net.InetSocketAddress("127.0.0.1", 6379), 500);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	@Test
	void hotPath() throws InterruptedException {
		HotPathBenchmark benchmark = new HotPathBenchmark();
		benchmark.setUp();
		try {
			assertThat(benchmark.keyLookup().secret()).isEqualTo("sk-test-benchmark-key-0001");
			assertThat(List.of(benchmark.keySelect().secret(), benchmark.keySelect().secret(),
					benchmark.keySelect().secret())).containsExactlyInAnyOrder("sk-test-benchmark-key-0001",
							"sk-test-benchmark-key-0002", "sk-test-benchmark-key-0003");
			benchmark.meterRecording();
			assertThat(benchmark.rateLimitPermit()).isNotNull();
			assertThat(benchmark.lastCall().lastCall("openai").status()).isEqualTo(200);
			assertThat(benchmark.retry()).isEqualTo(ChatJson.PROMPT);
		}
		finally {
			benchmark.tearDown();
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "none", "13", "14" })
	void startupFootprint(String providers) {
		boolean starter = !providers.equals("none");
		ConfigurableApplicationContext context = ParacleApplication
			.start(ParacleApplication.allProviders(!providers.equals("13")), starter);
		try {
			if (starter) {
				assertThat(context.getBean(LlmProviders.class).names()).hasSize(Integer.parseInt(providers));
			}
			else {
				assertThat(context.getBeanNamesForType(LlmProviders.class)).isEmpty();
				assertThat(context.getBeanNamesForType(MeterRegistry.class)).isNotEmpty();
			}
		}
		finally {
			context.close();
		}
	}

	/**
	 * Two calls (the second on a kept connection) must both return the stub's reply; the benchmark is torn down
	 * whatever happens.
	 */
	private static void twoRepliesThenTearDown(Callable<String> chat, AutoCloseable tearDown) throws Exception {
		try (tearDown) {
			assertThat(chat.call()).isEqualTo(StubLlmServer.REPLY);
			assertThat(chat.call()).isEqualTo(StubLlmServer.REPLY);
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "raw", "paracle", "paracle-rest-client", "spring-ai", "langchain4j" })
	void streamingClientsReadTheFirstChunkAndTheWholeStream(String client) throws Exception {
		StreamFirstChunkBenchmark first = new StreamFirstChunkBenchmark();
		first.client = client;
		first.setUp(stub);
		try {
			assertThat(first.firstChunk()).isEqualTo(StubLlmServer.streamToken(0));
			first.readRest();
			assertThat(first.firstChunk()).isEqualTo(StubLlmServer.streamToken(0));
			first.readRest();
		}
		finally {
			first.tearDown();
		}
		StreamChunksBenchmark whole = new StreamChunksBenchmark();
		whole.client = client;
		whole.chunks = StubLlmServer.STREAM_LONG_CHUNKS;
		whole.setUp(stub);
		try {
			assertThat(whole.stream()).isEqualTo(StubLlmServer.STREAM_LONG_CHUNKS);
			assertThat(whole.stream()).isEqualTo(StubLlmServer.STREAM_LONG_CHUNKS);
		}
		finally {
			whole.tearDown();
		}
	}

}
