package io.paracle.keys.provider.client;

import java.util.List;
import java.util.stream.Stream;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.paracle.keys.catalog.ProviderCatalog;
import io.paracle.keys.metrics.ApiCallTracker;
import io.paracle.keys.metrics.MicrometerApiCallRecorder;
import io.paracle.keys.provider.InvalidResponseException;
import io.paracle.keys.provider.LlmProvider;
import io.paracle.keys.testsupport.FakeProviderServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * A 200 without a usable answer (an empty body, {@code {}}, no choices, a choice without a message, a body that is
 * not JSON) is an {@link InvalidResponseException} counted as {@code invalid_response}, and is never retried: the
 * provider produced the answer, so the prompt is sent once even with {@code max-retries: 2}.
 */
class MalformedAnswerTests {

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private final ApiCallTracker tracker = new ApiCallTracker(ObservationRegistry.NOOP,
			new MicrometerApiCallRecorder(this.registry), null);

	private WireMockServer server;

	@BeforeEach
	void resetServer() {
		this.server = FakeProviderServer.reset();
	}

	static Stream<Arguments> malformedAnswers() {
		return ProviderFixture.all().flatMap((fixture) -> bodies(fixture).stream()
			.map((body) -> Arguments.of(fixture, body)));
	}

	private static List<String> bodies(ProviderFixture fixture) {
		return switch (fixture.id()) {
			// the AWS SDK parses the body itself; the one it accepts without an answer is an empty object
			case ProviderCatalog.BEDROCK -> List.of("{}");
			case ProviderCatalog.ANTHROPIC -> List.of("", "{}", "not json", "{\"id\":\"msg_1\",\"content\":null}");
			case ProviderCatalog.GEMINI -> List.of("", "{}", "not json", "{\"candidates\":[]}",
					"{\"promptFeedback\":{\"blockReason\":\"SAFETY\"}}");
			case "cohere" -> List.of("", "{}", "not json", "{\"id\":\"c1\",\"finish_reason\":\"COMPLETE\"}");
			default -> List.of("", "{}", "not json", "{\"choices\":[]}", "{\"choices\":[{\"index\":0}]}",
					"{\"id\":\"x\",\"choices\":[{\"finish_reason\":\"stop\"}]}");
		};
	}

	@ParameterizedTest(name = "{0}: {1}")
	@MethodSource("malformedAnswers")
	void successWithoutAnAnswerIsATypedErrorSentOnce(ProviderFixture fixture, String body) {
		this.server.stubFor(any(anyUrl()).willReturn(
				aResponse().withStatus(200).withHeader("Content-Type", "application/json").withBody(body)));
		LlmProvider provider = fixture.create(this.tracker, "paracle.providers." + fixture.id() + ".max-retries=2",
				"paracle.providers." + fixture.id() + ".retry-backoff=1ms");
		assertThatExceptionOfType(InvalidResponseException.class).isThrownBy(() -> provider.chat("Hello"))
			.satisfies((ex) -> {
				assertThat(ex.getStatusCode()).isEqualTo(200);
				assertThat(ex.getProvider()).isEqualTo(fixture.id());
				assertThat(ex.getMessage()).contains("answered HTTP 200")
					.contains("Not retried: the provider produced an answer")
					.doesNotContain(fixture.key());
			});
		this.server.verify(1, anyRequestedFor(anyUrl()));
		Counter invalid = this.registry.find("api.calls").tag("outcome", "invalid_response").counter();
		assertThat(invalid).isNotNull();
		assertThat(invalid.count()).isEqualTo(1.0);
		assertThat(this.registry.find("api.calls").counters()).hasSize(1);
	}

}
