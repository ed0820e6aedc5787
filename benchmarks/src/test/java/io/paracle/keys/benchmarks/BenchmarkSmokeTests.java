package io.paracle.keys.benchmarks;

import java.io.IOException;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

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
	void rawOkHttp() throws IOException {
		RawOkHttpBenchmark benchmark = new RawOkHttpBenchmark();
		benchmark.setUp(stub);
		try {
			assertThat(benchmark.chat()).isEqualTo(StubLlmServer.REPLY);
			assertThat(benchmark.chat()).isEqualTo(StubLlmServer.REPLY);
		}
		finally {
			benchmark.tearDown();
		}
	}

	@Test
	void rawJdkHttpClient() throws Exception {
		RawJdkHttpClientBenchmark benchmark = new RawJdkHttpClientBenchmark();
		benchmark.setUp(stub);
		try {
			assertThat(benchmark.chat()).isEqualTo(StubLlmServer.REPLY);
			assertThat(benchmark.chat()).isEqualTo(StubLlmServer.REPLY);
		}
		finally {
			benchmark.tearDown();
		}
	}

	@ParameterizedTest
	@CsvSource({ "jdk, tree", "jdk-pooled, bytes", "apache, tree", "apache, bytes", "reactor, tree", "reactor, bytes",
			"jetty, tree", "jetty, bytes", "simple, tree", "simple, bytes" })
	void restClient(String transport, String body) throws Exception {
		RestClientTransportBenchmark benchmark = new RestClientTransportBenchmark();
		benchmark.transport = transport;
		benchmark.body = body;
		benchmark.setUp(stub);
		try {
			assertThat(benchmark.chat()).isEqualTo(StubLlmServer.REPLY);
			assertThat(benchmark.chat()).isEqualTo(StubLlmServer.REPLY);
		}
		finally {
			benchmark.tearDown();
		}
	}

	@Test
	void springAi() {
		SpringAiOpenAiBenchmark benchmark = new SpringAiOpenAiBenchmark();
		benchmark.setUp(stub);
		assertThat(benchmark.chat()).isEqualTo(StubLlmServer.REPLY);
		assertThat(benchmark.chat()).isEqualTo(StubLlmServer.REPLY);
	}

	@Test
	void langChain4j() {
		LangChain4jOpenAiBenchmark benchmark = new LangChain4jOpenAiBenchmark();
		benchmark.setUp(stub);
		assertThat(benchmark.chat()).isEqualTo(StubLlmServer.REPLY);
		assertThat(benchmark.chat()).isEqualTo(StubLlmServer.REPLY);
	}

}
