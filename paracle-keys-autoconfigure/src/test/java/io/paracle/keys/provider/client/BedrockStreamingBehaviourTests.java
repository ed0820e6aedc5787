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
import io.paracle.keys.provider.LlmProvider;
import io.paracle.keys.provider.ProviderUnavailableException;
import io.paracle.keys.resolve.ApiKeyResolver;
import io.paracle.keys.testsupport.SseTestServer;
import io.paracle.keys.testsupport.TestEnvironments;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

import org.springframework.core.env.StandardEnvironment;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * How an open Bedrock stream behaves over time, against a server that writes event-stream messages with pauses:
 * cancelling closes the connection at once and counts {@code outcome=cancelled} once; the {@code timeout} bounds
 * the gap between chunks, not the stream.
 */
class BedrockStreamingBehaviourTests {

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private SseTestServer server;

	private LlmProvider provider;

	@AfterEach
	void stop() throws Exception {
		if (this.provider instanceof AutoCloseable closeable) {
			closeable.close();
		}
		if (this.server != null) {
			this.server.close();
		}
	}

	@Test
	void closingTheStreamAfterTheFirstChunkClosesTheConnectionAtOnceAndCountsACancelledCall() throws Exception {
		this.server = server().bytes(start()).bytes(text("Hello")).pause(Duration.ofSeconds(20));
		ChatStream stream = provider("5s").stream("Say hello");
		Iterator<ChatChunk> chunks = stream.iterator();
		assertThat(chunks.next()).isEqualTo(ChatChunk.text("Hello"));
		stream.close();
		assertThat(this.server.awaitClientClose(Duration.ofSeconds(1)))
			.as("the server saw the connection closed within 1 s").isNotNull();
		assertThat(chunks.hasNext()).isFalse();
		stream.close();
		assertThat(calls()).containsExactly("cancelled 1");
		assertThat(this.registry.get("gen_ai.client.operation.time_to_first_chunk").timer().count()).isOne();
	}

	@Test
	void cancellingTheFluxWhileAReadIsBlockedClosesTheConnectionAtOnce() throws Exception {
		this.server = server().bytes(start())
			.bytes(text("Hello"))
			.bytes(text(" world"))
			.pause(Duration.ofSeconds(20));
		Flux<ChatChunk> chunks = provider("5s").stream("Say hello").toFlux();
		StepVerifier.create(chunks)
			.expectNext(ChatChunk.text("Hello"), ChatChunk.text(" world"))
			// the reader is now blocked waiting for the third event
			.expectNoEvent(Duration.ofMillis(200))
			.thenCancel()
			.verify(Duration.ofSeconds(2));
		assertThat(this.server.awaitClientClose(Duration.ofSeconds(1))).as("closed within 1 s").isNotNull();
		Thread.sleep(100);
		assertThat(calls()).containsExactly("cancelled 1");
	}

	@Test
	void aStreamThatStallsLongerThanTheTimeoutFails() throws Exception {
		this.server = server().bytes(start()).bytes(text("Hello")).stallAtEnd();
		ChatStream stream = provider("500ms").stream("Say hello");
		List<String> texts = new ArrayList<>();
		long start = System.nanoTime();
		assertThatExceptionOfType(ProviderUnavailableException.class)
			.isThrownBy(() -> stream.forEach((chunk) -> texts.add(chunk.text())))
			.withMessage("AWS Bedrock (provider 'bedrock') did not answer within 500ms "
					+ "(paracle.providers.bedrock.timeout).")
			.satisfies((ex) -> assertThat(ex.getPartialText()).isEqualTo("Hello"));
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
		assertThat(texts).containsExactly("Hello");
		assertThat(calls()).containsExactly("io_error 1");
		assertThat(this.server.requests()).hasSize(1);
	}

	@Test
	void aStreamWithAChunkEveryHalfSecondOutlivesTheTimeout() throws Exception {
		SseTestServer server = server().bytes(start());
		for (int i = 0; i < 7; i++) {
			server.bytes(text("t" + i)).pause(Duration.ofMillis(500));
		}
		this.server = server.bytes(new BedrockEventStream().event("messageStop", "{\"stopReason\":\"end_turn\"}")
			.event("metadata", "{\"usage\":{\"inputTokens\":3,\"outputTokens\":7,\"totalTokens\":10}}")
			.bytes());
		// 3.5 s of stream against a timeout of 1.5 s between chunks
		long start = System.nanoTime();
		try (ChatStream stream = provider("1500ms").stream("Say hello")) {
			List<String> texts = new ArrayList<>();
			stream.forEach((chunk) -> texts.add(chunk.text()));
			assertThat(texts).containsExactly("t0", "t1", "t2", "t3", "t4", "t5", "t6", "");
			assertThat(stream.lastChunk()).isEqualTo(ChatChunk.last("end_turn", 3, 7));
		}
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThan(Duration.ofMillis(3000));
		assertThat(calls()).containsExactly("success 1");
	}

	private static SseTestServer server() throws Exception {
		return new SseTestServer().contentType(BedrockEventStream.CONTENT_TYPE);
	}

	private static byte[] start() {
		return new BedrockEventStream().event("messageStart", "{\"role\":\"assistant\"}").bytes();
	}

	private static byte[] text(String text) {
		return new BedrockEventStream().text(text).bytes();
	}

	private LlmProvider provider(String timeout) {
		StandardEnvironment environment = TestEnvironments.of(
				"paracle.providers.bedrock.access-key-id=" + ProviderFixture.BEDROCK_KEY_ID,
				"paracle.providers.bedrock.secret-access-key=test-aws-secret-0001",
				"paracle.providers.bedrock.region=us-east-1",
				"paracle.providers.bedrock.base-url=" + this.server.baseUrl(),
				"paracle.providers.bedrock.timeout=" + timeout, "paracle.providers.bedrock.max-retries=0");
		LlmProviderFactory factory = new LlmProviderFactory(new ApiKeyResolver(environment, null), environment,
				RestClient::builder, List.of(),
				new ApiCallTracker(ObservationRegistry.NOOP, new MicrometerApiCallRecorder(this.registry), null),
				getClass().getClassLoader());
		this.provider = factory.create("bedrock");
		return this.provider;
	}

	private List<String> calls() {
		return this.registry.find("api.calls").counters().stream()
			.map((counter) -> counter.getId().getTag("outcome") + " " + (long) counter.count())
			.sorted()
			.toList();
	}

}
