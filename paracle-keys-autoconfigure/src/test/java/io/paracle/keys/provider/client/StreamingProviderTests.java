package io.paracle.keys.provider.client;

import java.util.ArrayList;
import java.util.List;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.paracle.keys.metrics.ApiCallTracker;
import io.paracle.keys.metrics.MicrometerApiCallRecorder;
import io.paracle.keys.provider.ChatChunk;
import io.paracle.keys.provider.ChatRequest;
import io.paracle.keys.provider.ChatStream;
import io.paracle.keys.provider.LlmProvider;
import io.paracle.keys.provider.LlmProviderException;
import io.paracle.keys.resolve.Fingerprints;
import io.paracle.keys.testsupport.FakeProviderServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Streaming on the wire, for the 13 HTTP providers: the exact request (path, key header, {@code stream} flag,
 * body), the chunks and the final usage read from the provider's documented events, failover before the first
 * byte, and an error event after two chunks. {@link DirectHttpClientStreamingTests} runs them again with the
 * direct client.
 */
class StreamingProviderTests {

	private static final String SECOND_KEY_SUFFIX = "-second";

	private WireMockServer server;

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private final ApiCallTracker tracker = new ApiCallTracker(ObservationRegistry.NOOP,
			new MicrometerApiCallRecorder(this.registry), null);

	@BeforeEach
	void resetServer() {
		this.server = FakeProviderServer.reset();
	}

	static List<StreamFixture> providers() {
		return StreamFixture.all();
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("providers")
	void streamSendsTheStreamingRequestAndReadsTheChunksAndTheUsage(StreamFixture fixture) {
		ProviderFixture provider = fixture.provider();
		this.server.stubFor(post(urlEqualTo(fixture.path())).willReturn(sse(fixture.stream())));
		LlmProvider client = provider.create(this.tracker);
		List<ChatChunk> chunks = new ArrayList<>();
		try (ChatStream stream = client.stream("Say hello")) {
			assertThat(stream.keyFingerprint()).isEqualTo(Fingerprints.of(provider.key()));
			stream.forEach(chunks::add);
			assertThat(stream.text()).isEqualTo("Hello world");
			assertThat(stream.model()).isEqualTo(fixture.model());
			assertThat(stream.lastChunk()).isEqualTo(chunks.get(2));
		}
		assertThat(chunks).containsExactly(ChatChunk.text("Hello"), ChatChunk.text(" world"),
				ChatChunk.last(fixture.finishReason(), 11, 7));
		this.server.verify(1, postRequestedFor(urlEqualTo(fixture.path()))
			.withHeader(provider.keyHeader(), equalTo(provider.keyHeaderValue()))
			.withHeader("Accept", equalTo("text/event-stream"))
			.withHeader("Content-Type", equalTo("application/json"))
			.withRequestBody(equalToJson(fixture.body(), false, false)));
		assertThat(this.registry.get("api.calls").tag("provider", provider.id()).tag("outcome", "success")
			.tag("status", "200").counter().count()).isOne();
		assertThat(this.registry.get("api.call.duration").tag("outcome", "success").timer().count()).isOne();
		assertThat(this.registry.get("gen_ai.client.operation.time_to_first_chunk").tag("provider", provider.id())
			.tag("gen_ai.operation.name", "chat").tag("gen_ai.request.model", provider.defaultModel()).timer().count())
			.isOne();
		assertThat(this.registry.get("gen_ai.client.token.usage").tag("gen_ai.token.type", "input").summary()
			.totalAmount()).isEqualTo(11);
		assertThat(this.registry.get("gen_ai.client.token.usage").tag("gen_ai.token.type", "output").summary()
			.totalAmount()).isEqualTo(7);
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("providers")
	void aRateLimitedFirstKeyFailsOverToTheNextKeyBeforeTheFirstChunk(StreamFixture fixture) {
		assertFailover(fixture, 429, "rate_limited");
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("providers")
	void aRefusedFirstKeyFailsOverToTheNextKeyBeforeTheFirstChunk(StreamFixture fixture) {
		assertFailover(fixture, 401, "auth_error");
	}

	private void assertFailover(StreamFixture fixture, int status, String outcome) {
		ProviderFixture provider = fixture.provider();
		String second = provider.key() + SECOND_KEY_SUFFIX;
		String secondHeader = provider.keyHeaderValue().replace(provider.key(), second);
		this.server.stubFor(post(urlEqualTo(fixture.path()))
			.withHeader(provider.keyHeader(), equalTo(provider.keyHeaderValue()))
			.willReturn(aResponse().withStatus(status).withHeader("Retry-After", "30")
				.withHeader("Content-Type", "application/json")
				.withBody("{\"error\":{\"message\":\"no\",\"type\":\"error\"}}")));
		this.server.stubFor(post(urlEqualTo(fixture.path())).withHeader(provider.keyHeader(), equalTo(secondHeader))
			.willReturn(sse(fixture.stream())));
		LlmProvider client = provider.factory(this.tracker, provider.key() + "," + second).create(provider.id());
		try (ChatStream stream = client.stream("Say hello")) {
			assertThat(stream.keyFingerprint()).isEqualTo(Fingerprints.of(second));
			List<String> texts = new ArrayList<>();
			stream.forEach((chunk) -> texts.add(chunk.text()));
			assertThat(texts).containsExactly("Hello", " world", "");
		}
		this.server.verify(1, postRequestedFor(urlEqualTo(fixture.path()))
			.withHeader(provider.keyHeader(), equalTo(provider.keyHeaderValue())));
		this.server.verify(1, postRequestedFor(urlEqualTo(fixture.path()))
			.withHeader(provider.keyHeader(), equalTo(secondHeader)));
		assertThat(calls(provider.id())).containsExactly(outcome + " " + status + " 1", "success 200 1");
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("providers")
	void anErrorAfterTwoChunksEndsTheStreamWithTheTypedExceptionAndTheTextSoFar(StreamFixture fixture) {
		ProviderFixture provider = fixture.provider();
		this.server.stubFor(post(urlEqualTo(fixture.path())).willReturn(sse(fixture.brokenStream())));
		// retries armed: a failure after the first chunk must still not be retried
		LlmProvider client = provider.create(this.tracker, "paracle.providers." + provider.id() + ".max-retries=2");
		List<String> texts = new ArrayList<>();
		ChatStream stream = client.stream("Say hello");
		assertThatExceptionOfType(fixture.failure()).isThrownBy(() -> stream.forEach((chunk) -> texts.add(chunk.text())))
			.satisfies((ex) -> {
				assertThat(ex.getPartialText()).isEqualTo("Hello world");
				assertThat(ex.getProvider()).isEqualTo(provider.id());
				assertThat(ex.getMessage()).doesNotContain(provider.key());
			});
		assertThat(texts).containsExactly("Hello", " world");
		stream.close();
		this.server.verify(1, postRequestedFor(urlEqualTo(fixture.path())));
		assertThat(calls(provider.id())).hasSize(1).allSatisfy((call) -> assertThat(call).startsWith(fixture.failureOutcome()));
		assertThat(this.registry.find("gen_ai.client.token.usage").summaries()).isEmpty();
	}

	private List<String> calls(String provider) {
		return this.registry.find("api.calls").tag("provider", provider).counters().stream()
			.map((counter) -> counter.getId().getTag("outcome") + " " + counter.getId().getTag("status") + " "
					+ (long) counter.count())
			.sorted()
			.toList();
	}

	static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder sse(String body) {
		return aResponse().withStatus(200).withHeader("Content-Type", "text/event-stream").withBody(body);
	}

	static ChatRequest hello() {
		return ChatRequest.of("Say hello");
	}

}
