package io.paracle.keys.provider.client;

import java.time.Duration;
import java.util.stream.Stream;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.paracle.keys.metrics.ApiCallTracker;
import io.paracle.keys.metrics.MicrometerApiCallRecorder;
import io.paracle.keys.provider.CallTimeoutException;
import io.paracle.keys.provider.HttpClientType;
import io.paracle.keys.provider.InvalidResponseException;
import io.paracle.keys.provider.LlmProvider;
import io.paracle.keys.provider.ProviderUnavailableException;
import io.paracle.keys.testsupport.FakeProviderServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.util.unit.DataSize;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Calls are bounded, in both HTTP clients: {@code timeout} bounds an attempt's whole exchange (a provider that
 * drips its answer cannot keep a call alive past it), {@code call-timeout} bounds the call with its retries, and
 * {@code paracle.http.max-response-size} bounds the answer.
 */
class BoundedCallTests {

	private static final String CHAT = "/v1/chat/completions";

	private static final ProviderFixture OPENAI = ProviderFixture.OPENAI_COMPATIBLE.get(0);

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private final ApiCallTracker tracker = new ApiCallTracker(ObservationRegistry.NOOP,
			new MicrometerApiCallRecorder(this.registry), null);

	private WireMockServer server;

	@BeforeEach
	void resetServer() {
		this.server = FakeProviderServer.reset();
	}

	@ParameterizedTest
	@EnumSource(HttpClientType.class)
	void timeoutBoundsAnAnswerThatDripsIn(HttpClientType client) {
		// 2 KB of whitespace before the JSON, in 40 chunks over 20 s: every read succeeds, the whole takes 20 s
		this.server.stubFor(post(urlEqualTo(CHAT)).willReturn(okJson(" ".repeat(2048) + answer("slow"))
			.withChunkedDribbleDelay(40, 20_000)));
		LlmProvider provider = create(client, "timeout=1s");
		long start = System.nanoTime();
		assertThatExceptionOfType(ProviderUnavailableException.class).isThrownBy(() -> provider.chat("Hello"))
			.withMessageContaining("did not answer within 1s (paracle.providers.openai.timeout)");
		// every attempt ends after its 1s timeout instead of the 20s the answer takes; room for a loaded machine
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(8));
		assertThat(this.registry.get("api.calls").tag("outcome", "io_error").counter().count()).isEqualTo(1.0);
	}

	@ParameterizedTest
	@EnumSource(HttpClientType.class)
	void callTimeoutBoundsTheCallWithItsRetries(HttpClientType client) {
		this.server.stubFor(post(urlEqualTo(CHAT)).willReturn(okJson(" ".repeat(2048) + answer("slow"))
			.withChunkedDribbleDelay(40, 20_000)));
		LlmProvider provider = create(client, "timeout=1s", "call-timeout=2500ms", "max-retries=5",
				"retry-backoff=10ms");
		long start = System.nanoTime();
		assertThatExceptionOfType(CallTimeoutException.class).isThrownBy(() -> provider.chat("Hello"))
			.withMessageContaining("call did not complete within 2500ms (paracle.providers.openai.call-timeout)");
		Duration took = Duration.ofNanos(System.nanoTime() - start);
		assertThat(took).as("2.5s and the attempt in flight closed, with room for a loaded machine")
			.isLessThan(Duration.ofMillis(6000));
		int requests = this.server.findAll(postRequestedFor(urlEqualTo(CHAT))).size();
		assertThat(requests).as("attempts of 1s within 2.5s, not 6").isBetween(2, 3);
	}

	@ParameterizedTest
	@EnumSource(HttpClientType.class)
	void answerLargerThanTheMaximumIsATypedErrorNotAnOutOfMemoryError(HttpClientType client) {
		this.server.stubFor(post(urlEqualTo(CHAT)).willReturn(okJson(answer("x".repeat(64 * 1024)))));
		LlmProviderFactory factory = OPENAI.factory(this.tracker, OPENAI.key(),
				"paracle.providers.openai.max-retries=2");
		factory.setHttpClientType(client);
		factory.setMaxResponseSize(DataSize.ofKilobytes(16));
		LlmProvider provider = factory.create("openai");
		assertThatExceptionOfType(InvalidResponseException.class).isThrownBy(() -> provider.chat("Hello"))
			.withMessageContaining("answered HTTP 200 with more than 16KB (paracle.http.max-response-size)");
		this.server.verify(1, postRequestedFor(urlEqualTo(CHAT)));
		assertThat(this.registry.get("api.calls").tag("outcome", "invalid_response").counter().count())
			.isEqualTo(1.0);
	}

	@ParameterizedTest
	@EnumSource(HttpClientType.class)
	void answerWithinTheMaximumIsRead(HttpClientType client) {
		this.server.stubFor(post(urlEqualTo(CHAT)).willReturn(okJson(answer("x".repeat(8 * 1024)))));
		LlmProviderFactory factory = OPENAI.factory(this.tracker, OPENAI.key());
		factory.setHttpClientType(client);
		factory.setMaxResponseSize(DataSize.ofKilobytes(16));
		assertThat(factory.create("openai").chat("Hello").text()).hasSize(8 * 1024);
	}

	private LlmProvider create(HttpClientType client, String... settings) {
		String[] properties = Stream.of(settings).map((setting) -> "paracle.providers.openai." + setting)
			.toArray(String[]::new);
		LlmProviderFactory factory = OPENAI.factory(this.tracker, OPENAI.key(), properties);
		factory.setHttpClientType(client);
		return factory.create("openai");
	}

	private static String answer(String text) {
		return "{\"id\":\"c1\",\"model\":\"gpt-4o-mini\",\"choices\":[{\"index\":0,\"message\":{\"role\":"
				+ "\"assistant\",\"content\":\"" + text + "\"},\"finish_reason\":\"stop\"}]}";
	}

}
