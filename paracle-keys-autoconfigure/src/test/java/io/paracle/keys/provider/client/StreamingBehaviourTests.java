package io.paracle.keys.provider.client;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.paracle.keys.metrics.ApiCallTracker;
import io.paracle.keys.metrics.MicrometerApiCallRecorder;
import io.paracle.keys.provider.ChatChunk;
import io.paracle.keys.provider.ChatStream;
import io.paracle.keys.provider.HttpClientType;
import io.paracle.keys.provider.LlmProvider;
import io.paracle.keys.provider.ProviderUnavailableException;
import io.paracle.keys.resolve.ApiKeyResolver;
import io.paracle.keys.testsupport.SseTestServer;
import io.paracle.keys.testsupport.TestEnvironments;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

import org.springframework.core.env.StandardEnvironment;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * How an open stream behaves over time, on both HTTP clients, against a server that writes events with pauses:
 * cancelling closes the connection at once and counts {@code outcome=cancelled} once; the {@code timeout} bounds
 * the gap between chunks, not the stream.
 */
class StreamingBehaviourTests {

	private static final StreamFixture OPENAI = StreamFixture.of(ProviderFixture.OPENAI_COMPATIBLE.get(0));

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private SseTestServer server;

	@AfterEach
	void stopServer() throws Exception {
		if (this.server != null) {
			this.server.close();
		}
	}

	@ParameterizedTest
	@EnumSource(HttpClientType.class)
	void closingTheStreamAfterTheFirstChunkClosesTheConnectionAtOnceAndCountsACancelledCall(HttpClientType client)
			throws Exception {
		this.server = new SseTestServer().event(OPENAI.textEvent("Hello")).pause(Duration.ofSeconds(20));
		LlmProvider provider = provider(client, "5s");
		ChatStream stream = provider.stream("Say hello");
		Iterator<ChatChunk> chunks = stream.iterator();
		assertThat(chunks.next()).isEqualTo(ChatChunk.text("Hello"));
		stream.close();
		Duration closedAfter = this.server.awaitClientClose(Duration.ofSeconds(1));
		assertThat(closedAfter).as("the server saw the connection closed within 1 s").isNotNull();
		assertThat(chunks.hasNext()).isFalse();
		stream.close();
		assertThat(calls()).containsExactly("cancelled 1");
		assertThat(this.registry.get("gen_ai.client.operation.time_to_first_chunk").timer().count()).isOne();
	}

	@ParameterizedTest
	@EnumSource(HttpClientType.class)
	void cancellingTheFluxWhileAReadIsBlockedClosesTheConnectionAtOnce(HttpClientType client) throws Exception {
		this.server = new SseTestServer().event(OPENAI.textEvent("Hello"))
			.event(OPENAI.textEvent(" world"))
			.pause(Duration.ofSeconds(20));
		LlmProvider provider = provider(client, "5s");
		Flux<ChatChunk> chunks = provider.stream("Say hello").toFlux();
		StepVerifier.create(chunks)
			.expectNext(ChatChunk.text("Hello"), ChatChunk.text(" world"))
			// the reader is now blocked in the socket read of the third chunk
			.expectNoEvent(Duration.ofMillis(200))
			.thenCancel()
			.verify(Duration.ofSeconds(2));
		assertThat(this.server.awaitClientClose(Duration.ofSeconds(1))).as("closed within 1 s").isNotNull();
		Thread.sleep(100);
		assertThat(calls()).containsExactly("cancelled 1");
	}

	@ParameterizedTest
	@EnumSource(HttpClientType.class)
	void aStreamThatStallsLongerThanTheTimeoutFails(HttpClientType client) throws Exception {
		this.server = new SseTestServer().event(OPENAI.textEvent("Hello")).stallAtEnd();
		LlmProvider provider = provider(client, "500ms");
		ChatStream stream = provider.stream("Say hello");
		List<String> texts = new ArrayList<>();
		long start = System.nanoTime();
		assertThatExceptionOfType(ProviderUnavailableException.class)
			.isThrownBy(() -> stream.forEach((chunk) -> texts.add(chunk.text())))
			.withMessage("OpenAI (provider 'openai') did not answer within 500ms (paracle.providers.openai.timeout).")
			.satisfies((ex) -> assertThat(ex.getPartialText()).isEqualTo("Hello"));
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
		assertThat(texts).containsExactly("Hello");
		assertThat(calls()).containsExactly("io_error 1");
		assertThat(this.server.requests()).hasSize(1);
	}

	@ParameterizedTest
	@EnumSource(HttpClientType.class)
	void aStreamWithAChunkEveryHalfSecondOutlivesTheTimeout(HttpClientType client) throws Exception {
		SseTestServer server = new SseTestServer();
		for (int i = 0; i < 7; i++) {
			server.event(OPENAI.textEvent("t" + i)).pause(Duration.ofMillis(500));
		}
		this.server = server.event("data: [DONE]\n\n");
		// 3.5 s of stream against a timeout of 1.5 s between chunks
		LlmProvider provider = provider(client, "1500ms");
		long start = System.nanoTime();
		try (ChatStream stream = provider.stream("Say hello")) {
			List<String> texts = new ArrayList<>();
			stream.forEach((chunk) -> texts.add(chunk.text()));
			assertThat(texts).containsExactly("t0", "t1", "t2", "t3", "t4", "t5", "t6", "");
		}
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThan(Duration.ofMillis(3000));
		assertThat(calls()).containsExactly("success 1");
	}

	private LlmProvider provider(HttpClientType client, String timeout) {
		StandardEnvironment environment = TestEnvironments.of("paracle.providers.openai.api-key=sk-test-openai-0001",
				"paracle.providers.openai.base-url=" + this.server.baseUrl() + "/v1",
				"paracle.providers.openai.timeout=" + timeout, "paracle.providers.openai.max-retries=0");
		LlmProviderFactory factory = new LlmProviderFactory(new ApiKeyResolver(environment, null), environment,
				RestClient::builder, List.of(),
				new ApiCallTracker(ObservationRegistry.NOOP, new MicrometerApiCallRecorder(this.registry), null),
				getClass().getClassLoader());
		factory.setHttpClientType(client);
		return factory.create("openai");
	}

	private List<String> calls() {
		return this.registry.find("api.calls").counters().stream()
			.map((counter) -> counter.getId().getTag("outcome") + " " + (long) counter.count())
			.sorted()
			.toList();
	}

}
