package io.paracle.keys.provider.client;

import java.util.ArrayList;
import java.util.List;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.paracle.keys.metrics.ApiCallTracker;
import io.paracle.keys.metrics.MicrometerApiCallRecorder;
import io.paracle.keys.provider.ChatChunk;
import io.paracle.keys.provider.ChatRequest;
import io.paracle.keys.provider.ChatStream;
import io.paracle.keys.provider.InvalidApiKeyException;
import io.paracle.keys.provider.LlmProvider;
import io.paracle.keys.provider.ProviderRequestException;
import io.paracle.keys.provider.ProviderUnavailableException;
import io.paracle.keys.provider.RateLimitExceededException;
import io.paracle.keys.resolve.Fingerprints;
import io.paracle.keys.testsupport.FakeProviderServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Bedrock's ConverseStream through the AWS SDK's asynchronous client, against a fake server that answers
 * {@code POST /model/{modelId}/converse-stream} with binary AWS event-stream messages.
 */
class BedrockStreamingTests {

	private static final String PATH = "/model/anthropic.claude-3-haiku-20240307-v1%3A0/converse-stream";

	private final ProviderFixture fixture = ProviderFixture.BEDROCK;

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private final ApiCallTracker tracker = new ApiCallTracker(ObservationRegistry.NOOP,
			new MicrometerApiCallRecorder(this.registry), null);

	private WireMockServer server;

	@BeforeEach
	void resetServer() {
		this.server = FakeProviderServer.reset();
	}

	@Test
	void streamCallsConverseStreamSignedWithTheAccessKeyAndReadsTheChunksAndTheUsage() {
		this.server.stubFor(post(urlEqualTo(PATH)).willReturn(events(BedrockEventStream.helloWorld())));
		LlmProvider provider = this.fixture.create(this.tracker);
		List<ChatChunk> chunks = new ArrayList<>();
		try (ChatStream stream = provider.stream(ChatRequest.builder()
			.system("Answer in one sentence.")
			.user("Say hello")
			.temperature(0.5)
			.maxTokens(100)
			.build())) {
			assertThat(stream.keyFingerprint()).isEqualTo(Fingerprints.of(this.fixture.key()));
			stream.forEach(chunks::add);
			assertThat(stream.text()).isEqualTo("Hello world");
			assertThat(stream.model()).isEqualTo("anthropic.claude-3-haiku-20240307-v1:0");
			assertThat(stream.lastChunk()).isEqualTo(chunks.get(2));
		}
		assertThat(chunks).containsExactly(ChatChunk.text("Hello"), ChatChunk.text(" world"),
				ChatChunk.last("end_turn", 11, 7));
		this.server.verify(1, postRequestedFor(urlEqualTo(PATH))
			.withHeader("Authorization", matching("AWS4-HMAC-SHA256 Credential=" + ProviderFixture.BEDROCK_KEY_ID
					+ "/\\d{8}/us-east-1/bedrock/aws4_request, SignedHeaders=[a-z0-9;-]+, Signature=[0-9a-f]{64}"))
			.withHeader("X-Amz-Date", matching("\\d{8}T\\d{6}Z"))
			.withRequestBody(equalToJson("""
					{"messages":[{"role":"user","content":[{"text":"Say hello"}]}],
					 "system":[{"text":"Answer in one sentence."}],
					 "inferenceConfig":{"maxTokens":100,"temperature":0.5}}""", false, false)));
		assertThat(calls()).containsExactly("success 200 1");
		assertThat(this.registry.get("api.call.duration").tag("outcome", "success").timer().count()).isOne();
		assertThat(this.registry.get("gen_ai.client.operation.time_to_first_chunk")
			.tag("provider", "bedrock")
			.tag("gen_ai.operation.name", "chat")
			.tag("gen_ai.request.model", "anthropic.claude-3-haiku-20240307-v1:0")
			.timer()
			.count()).isOne();
		assertThat(this.registry.get("gen_ai.client.token.usage").tag("gen_ai.token.type", "input").summary()
			.totalAmount()).isEqualTo(11);
		assertThat(this.registry.get("gen_ai.client.token.usage").tag("gen_ai.token.type", "output").summary()
			.totalAmount()).isEqualTo(7);
	}

	@Test
	void aThrottlingExceptionBeforeTheFirstChunkIsARateLimitOfTheKey() {
		this.server.stubFor(post(urlEqualTo(PATH)).willReturn(error(429, "ThrottlingException",
				"Too many requests, please wait before trying again.")));
		LlmProvider provider = this.fixture.create(this.tracker);
		assertThatExceptionOfType(RateLimitExceededException.class).isThrownBy(() -> provider.stream("Say hello"))
			.satisfies((ex) -> {
				assertThat(ex.getStatusCode()).isEqualTo(429);
				assertThat(ex.getMessage()).contains("ThrottlingException: Too many requests")
					.doesNotContain(this.fixture.key());
			});
		this.server.verify(1, postRequestedFor(urlEqualTo(PATH)));
		assertThat(calls()).containsExactly("rate_limited 429 1");
	}

	@Test
	void anUnrecognizedClientBeforeTheFirstChunkRejectsTheKey() {
		this.server.stubFor(post(urlEqualTo(PATH)).willReturn(error(403, "UnrecognizedClientException",
				"The security token included in the request is invalid.")));
		LlmProvider provider = this.fixture.create(this.tracker);
		assertThatExceptionOfType(InvalidApiKeyException.class).isThrownBy(() -> provider.stream("Say hello"))
			.satisfies((ex) -> assertThat(ex.getMessage()).doesNotContain(this.fixture.key()));
		assertThat(calls()).allSatisfy((call) -> assertThat(call).startsWith("auth_error 403"));
	}

	@Test
	void anAccessDeniedToTheModelIsARefusedRequestAndKeepsTheKey() {
		this.server.stubFor(post(urlEqualTo(PATH)).willReturn(error(403, "AccessDeniedException",
				"You don't have access to the model with the specified model ID.")));
		LlmProvider provider = this.fixture.create(this.tracker);
		assertThatExceptionOfType(ProviderRequestException.class).isThrownBy(() -> provider.stream("Say hello"))
			.satisfies((ex) -> assertThat(ex.getStatusCode()).isEqualTo(403));
		this.server.verify(1, postRequestedFor(urlEqualTo(PATH)));
		// the key was not rejected: the next stream uses it
		this.server.stubFor(post(urlEqualTo(PATH)).willReturn(events(BedrockEventStream.helloWorld())));
		try (ChatStream stream = provider.stream("Say hello")) {
			stream.forEach((chunk) -> {
			});
			assertThat(stream.text()).isEqualTo("Hello world");
		}
	}

	@Test
	void anUnavailableServiceBeforeTheFirstChunkIsRetriedAndTheCallerSeesNoError() {
		this.server.stubFor(post(urlEqualTo(PATH)).inScenario("retry").whenScenarioStateIs(STARTED)
			.willReturn(error(503, "ServiceUnavailableException", "overloaded"))
			.willSetStateTo("recovered"));
		this.server.stubFor(post(urlEqualTo(PATH)).inScenario("retry").whenScenarioStateIs("recovered")
			.willReturn(events(BedrockEventStream.helloWorld())));
		LlmProvider provider = this.fixture.create(this.tracker, "paracle.providers.bedrock.max-retries=1");
		try (ChatStream stream = provider.stream("Say hello")) {
			List<String> texts = new ArrayList<>();
			stream.forEach((chunk) -> texts.add(chunk.text()));
			assertThat(texts).containsExactly("Hello", " world", "");
		}
		this.server.verify(2, postRequestedFor(urlEqualTo(PATH)));
		assertThat(calls()).containsExactly("server_error 503 1", "success 200 1");
	}

	@Test
	void anExceptionEventAfterTwoChunksEndsTheStreamWithTheTypedExceptionAndTheTextSoFar() {
		this.server.stubFor(post(urlEqualTo(PATH)).willReturn(events(new BedrockEventStream()
			.event("messageStart", "{\"role\":\"assistant\"}")
			.text("Hello")
			.text(" world")
			.exception("internalServerException", "The model failed"))));
		// retries armed: a failure after the first chunk must still not be retried
		LlmProvider provider = this.fixture.create(this.tracker, "paracle.providers.bedrock.max-retries=2");
		List<String> texts = new ArrayList<>();
		ChatStream stream = provider.stream("Say hello");
		assertThatExceptionOfType(ProviderUnavailableException.class)
			.isThrownBy(() -> stream.forEach((chunk) -> texts.add(chunk.text())))
			.satisfies((ex) -> {
				assertThat(ex.getPartialText()).isEqualTo("Hello world");
				assertThat(ex.getProvider()).isEqualTo("bedrock");
				assertThat(ex.getStatusCode()).isEqualTo(500);
				assertThat(ex.getMessage()).contains("The model failed").doesNotContain(this.fixture.key());
			});
		assertThat(texts).containsExactly("Hello", " world");
		stream.close();
		this.server.verify(1, postRequestedFor(urlEqualTo(PATH)));
		assertThat(calls()).hasSize(1).allSatisfy((call) -> assertThat(call).isEqualTo("server_error 500 1"));
		assertThat(this.registry.find("gen_ai.client.token.usage").summaries()).isEmpty();
	}

	private List<String> calls() {
		return this.registry.find("api.calls").tag("provider", "bedrock").counters().stream()
			.map((counter) -> counter.getId().getTag("outcome") + " " + counter.getId().getTag("status") + " "
					+ (long) counter.count())
			.sorted()
			.toList();
	}

	private static ResponseDefinitionBuilder events(BedrockEventStream events) {
		return aResponse().withStatus(200)
			.withHeader("Content-Type", BedrockEventStream.CONTENT_TYPE)
			.withHeader("x-amzn-RequestId", "5d3b4c1e-8f6a-4b7e-9c2d-1a0b9c8d7e6f")
			.withBody(events.bytes());
	}

	private static ResponseDefinitionBuilder error(int status, String type, String message) {
		return aResponse().withStatus(status)
			.withHeader("Content-Type", "application/json")
			.withHeader("x-amzn-ErrorType", type)
			.withBody("{\"message\":\"" + message + "\"}");
	}

}
