package io.paracle.keys.springai;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.micrometer.core.instrument.MeterRegistry;
import io.paracle.keys.resolve.Fingerprints;
import io.paracle.keys.testsupport.FakeProviderServer;
import io.paracle.keys.testsupport.MutableClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.model.openai.autoconfigure.OpenAiChatAutoConfiguration;
import org.springframework.ai.openai.OpenAiChatModel;
import org.springframework.ai.retry.NonTransientAiException;
import org.springframework.ai.retry.TransientAiException;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.junit.jupiter.api.extension.ExtendWith;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.paracle.keys.springai.SpringAiStubs.OPENAI_ANSWER;
import static io.paracle.keys.springai.SpringAiStubs.OPENAI_CHAT;
import static io.paracle.keys.springai.SpringAiStubs.OPENAI_STREAM;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Spring AI's own auto-configured {@code OpenAiChatModel} (the openai-java SDK over OkHttp) on paracle's keys:
 * the key of each request, failover inside one call, the exceptions when no key is left, streaming, meters.
 */
@ExtendWith(OutputCaptureExtension.class)
class SpringAiOpenAiTests {

	private static final String A = "sk-springai-key-a-0001";

	private static final String B = "sk-springai-key-b-0002";

	private static final String C = "sk-springai-key-c-0003";

	static final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T10:00:00Z"));

	private final WireMockServer server = FakeProviderServer.reset();

	private final ApplicationContextRunner contextRunner = SpringAiStubs.contextRunner(clock, OpenAiChatAutoConfiguration.class)
		.withPropertyValues("spring.ai.openai.base-url=" + FakeProviderServer.baseUrl() + "/v1",
				"paracle.providers.openai.retry-backoff=5ms");

	@BeforeEach
	void resetClock() {
		clock.advance(Duration.ofDays(1));
	}

	@Test
	void springAiModelSendsTheParacleKeyAsBearerWithoutAnySpringAiKey() {
		answer(A, okJson(OPENAI_ANSWER));
		this.contextRunner.withPropertyValues("paracle.providers.openai.api-key=" + A).run((context) -> {
			ChatResponse response = context.getBean(OpenAiChatModel.class).call(prompt());
			assertThat(response.getResult().getOutput().getText()).isEqualTo("ok");
			assertThat(this.server.findAll(postRequestedFor(urlEqualTo(OPENAI_CHAT)))).singleElement()
				.satisfies((request) -> {
					assertThat(request.getHeaders().getHeader("Authorization").values())
						.containsExactly("Bearer " + A);
				});
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			assertThat(calls(registry, "openai", "success")).isEqualTo(1);
			assertThat(tokens(registry, "openai", "input")).isEqualTo(2);
			assertThat(tokens(registry, "openai", "output")).isEqualTo(1);
		});
	}

	@Test
	void tokensAreCountedOnceByParacleAndSpringAisOwnTokenMeterRecordsNothing() {
		answer(A, okJson(OPENAI_ANSWER));
		this.contextRunner
			.withConfiguration(AutoConfigurations.of(
					org.springframework.ai.model.chat.observation.autoconfigure.ChatObservationAutoConfiguration.class))
			.withBean(io.micrometer.observation.ObservationRegistry.class, () -> {
				io.micrometer.observation.ObservationRegistry observations = io.micrometer.observation.ObservationRegistry
					.create();
				return observations;
			})
			.withPropertyValues("paracle.providers.openai.api-key=" + A)
			.run((context) -> {
				assertThat(context).getBean(org.springframework.ai.chat.observation.ChatModelMeterObservationHandler.class)
					.isInstanceOf(SpringAiTokenMeterHandler.class);
				io.micrometer.observation.ObservationRegistry observations = context
					.getBean(io.micrometer.observation.ObservationRegistry.class);
				context.getBeansOfType(io.micrometer.observation.ObservationHandler.class)
					.values()
					.forEach(observations.observationConfig()::observationHandler);
				context.getBean(OpenAiChatModel.class).call(prompt());
				MeterRegistry registry = context.getBean(MeterRegistry.class);
				assertThat(registry.find("gen_ai.client.token.usage").meters()).hasSize(2)
					.allSatisfy((meter) -> assertThat(meter.getId().getTag("provider")).isEqualTo("openai"));
				assertThat(tokens(registry, "openai", "input")).isEqualTo(2);
			});
	}

	@Test
	void springAiKeySetAsWellIsOverriddenWithAWarning(CapturedOutput output) {
		answer(A, okJson(OPENAI_ANSWER));
		this.contextRunner
			.withPropertyValues("paracle.providers.openai.api-key=" + A, "spring.ai.openai.api-key=sk-spring-ai-own-key")
			.run((context) -> {
				context.getBean(OpenAiChatModel.class).call(prompt());
				assertThat(requestsWith(A)).isEqualTo(1);
				assertThat(output).contains("spring.ai.openai.api-key is set, and paracle configuration 'openai' "
						+ "supplies the keys of Spring AI's OpenAI models too: paracle's keys win");
				assertThat(output).doesNotContain("sk-spring-ai-own-key");
			});
	}

	@Test
	void hundredCallsSucceedOverA429KeyAndA401KeyWhichAreNotSentAgain() {
		answer(A, aResponse().withStatus(429).withHeader("Retry-After", "30")
			.withBody("{\"error\":{\"message\":\"Rate limit reached\",\"type\":\"requests\"}}"));
		answer(B, aResponse().withStatus(401)
			.withBody("{\"error\":{\"message\":\"Incorrect API key provided\",\"code\":\"invalid_api_key\"}}"));
		answer(C, okJson(OPENAI_ANSWER));
		this.contextRunner.withPropertyValues("paracle.providers.openai.api-keys=" + A + "," + B + "," + C)
			.run((context) -> {
				OpenAiChatModel model = context.getBean(OpenAiChatModel.class);
				for (int call = 0; call < 100; call++) {
					clock.advance(Duration.ofMillis(250));
					assertThat(model.call(prompt()).getResult().getOutput().getText()).isEqualTo("ok");
				}
				assertThat(requestsWith(B)).as("the 401 key is sent once").isEqualTo(1);
				assertThat(requestsWith(A)).as("the 429 key is not sent again within its 30 s").isEqualTo(1);
				assertThat(requestsWith(C)).isEqualTo(100);
				assertThat(context.getBean(SpringAiKeyInterceptors.class).lastFingerprint())
					.isEqualTo(Fingerprints.of(C));
				MeterRegistry registry = context.getBean(MeterRegistry.class);
				assertThat(calls(registry, "openai", "success")).isEqualTo(100);
				assertThat(calls(registry, "openai", "rate_limited")).isEqualTo(1);
				assertThat(calls(registry, "openai", "auth_error")).isEqualTo(1);
				clock.advance(Duration.ofSeconds(6));
				for (int call = 0; call < 4; call++) {
					model.call(prompt());
				}
				assertThat(requestsWith(A)).as("after its cool-down the 429 key is tried again").isGreaterThan(1);
			});
	}

	@Test
	void everyKeyCoolingReachesTheCallerAsTransientAiExceptionWithFingerprintsOnly() {
		answer(A, aResponse().withStatus(429).withHeader("Retry-After", "30").withBody("{}"));
		answer(B, aResponse().withStatus(429).withHeader("Retry-After", "60").withBody("{}"));
		this.contextRunner.withPropertyValues("paracle.providers.openai.api-keys=" + A + "," + B).run((context) -> {
			OpenAiChatModel model = context.getBean(OpenAiChatModel.class);
			assertThatExceptionOfType(TransientAiException.class).isThrownBy(() -> model.call(prompt()))
				.withMessageContaining("rate limit exceeded for provider 'openai': every key is cooling down until "
						+ clock.instant().plusSeconds(30))
				.satisfies((ex) -> assertThat(ex.getMessage()).doesNotContain(A).doesNotContain(B));
			assertThat(requestsWith(A)).isEqualTo(1);
			assertThat(requestsWith(B)).isEqualTo(1);
		});
	}

	@Test
	void everyKeyRefusedReachesTheCallerAsNonTransientAiExceptionWithFingerprintsOnly() {
		answer(A, aResponse().withStatus(401).withBody("{\"error\":{\"code\":\"invalid_api_key\"}}"));
		answer(B, aResponse().withStatus(401).withBody("{\"error\":{\"code\":\"invalid_api_key\"}}"));
		this.contextRunner.withPropertyValues("paracle.providers.openai.api-keys=" + A + "," + B).run((context) -> {
			OpenAiChatModel model = context.getBean(OpenAiChatModel.class);
			assertThatExceptionOfType(NonTransientAiException.class).isThrownBy(() -> model.call(prompt()))
				.withMessageContaining("refused every key of provider 'openai' [" + Fingerprints.of(A) + ", "
						+ Fingerprints.of(B) + "]")
				.satisfies((ex) -> assertThat(ex.getMessage()).doesNotContain(A).doesNotContain(B));
		});
	}

	@Test
	void badRequestReachesTheCallerAsTheSdksOwnExceptionWithoutFailover() {
		answer(A, aResponse().withStatus(400)
			.withBody("{\"error\":{\"message\":\"Unsupported parameter: 'x'\",\"type\":\"invalid_request_error\"}}"));
		this.contextRunner.withPropertyValues("paracle.providers.openai.api-keys=" + A + "," + B).run((context) -> {
			OpenAiChatModel model = context.getBean(OpenAiChatModel.class);
			assertThatExceptionOfType(com.openai.errors.BadRequestException.class)
				.isThrownBy(() -> model.call(prompt()))
				.withMessageContaining("Unsupported parameter");
			assertThat(requestsWith(A)).isEqualTo(1);
			assertThat(requestsWith(B)).isZero();
			assertThat(calls(context.getBean(MeterRegistry.class), "openai", "client_error")).isEqualTo(1);
		});
	}

	@Test
	void streamFailsOverFromA429KeyBeforeItsFirstByteAndIsMeasuredOnceItEnds() {
		answer(A, aResponse().withStatus(429).withHeader("Retry-After", "30").withBody("{}"));
		answer(B, aResponse().withStatus(200).withHeader("Content-Type", "text/event-stream").withBody(OPENAI_STREAM));
		this.contextRunner.withPropertyValues("paracle.providers.openai.api-keys=" + A + "," + B).run((context) -> {
			OpenAiChatModel model = context.getBean(OpenAiChatModel.class);
			List<ChatResponse> chunks = model.stream(prompt()).collectList().block(Duration.ofSeconds(10));
			assertThat(chunks).filteredOn((chunk) -> chunk.getResult() != null)
				.extracting((chunk) -> chunk.getResult().getOutput().getText())
				.containsExactly("o", "k");
			assertThat(requestsWith(A)).isEqualTo(1);
			assertThat(requestsWith(B)).isEqualTo(1);
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			assertThat(calls(registry, "openai", "rate_limited")).isEqualTo(1);
			assertThat(calls(registry, "openai", "success")).isEqualTo(1);
			assertThat(tokens(registry, "openai", "input")).isEqualTo(5);
			assertThat(tokens(registry, "openai", "output")).isEqualTo(2);
		});
	}

	@Test
	void anAnswerCutOffInTheMiddleIsRetriedWithinTheSameSpringAiCall() {
		this.server.stubFor(post(urlEqualTo(OPENAI_CHAT)).inScenario("cut")
			.whenScenarioStateIs(com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED)
			.willReturn(aResponse().withFault(com.github.tomakehurst.wiremock.http.Fault.MALFORMED_RESPONSE_CHUNK))
			.willSetStateTo("answered"));
		this.server.stubFor(post(urlEqualTo(OPENAI_CHAT)).inScenario("cut")
			.whenScenarioStateIs("answered")
			.willReturn(okJson(OPENAI_ANSWER)));
		this.contextRunner.withPropertyValues("paracle.providers.openai.api-key=" + A).run((context) -> {
			ChatResponse response = context.getBean(OpenAiChatModel.class).call(prompt());
			assertThat(response.getResult().getOutput().getText()).isEqualTo("ok");
			assertThat(requestsWith(A)).isEqualTo(2);
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			assertThat(calls(registry, "openai", "io_error")).isEqualTo(1);
			assertThat(calls(registry, "openai", "success")).isEqualTo(1);
			assertThat(tokens(registry, "openai", "input")).isEqualTo(2);
		});
	}

	@Test
	void anAnswerLargerThanTheInMemoryLimitIsMeasuredAsTheSdkReadsIt() {
		String text = "x".repeat((int) ParacleKeyInterceptor.MAX_ANSWER_IN_MEMORY + 1000);
		answer(A, okJson(OPENAI_ANSWER.replace("\"content\":\"ok\"", "\"content\":\"" + text + "\"")
			.replace("\"prompt_tokens\":2", "\"prompt_tokens\":7")));
		this.contextRunner.withPropertyValues("paracle.providers.openai.api-key=" + A).run((context) -> {
			ChatResponse response = context.getBean(OpenAiChatModel.class).call(prompt());
			assertThat(response.getResult().getOutput().getText()).isEqualTo(text);
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			assertThat(calls(registry, "openai", "success")).isEqualTo(1);
			assertThat(tokens(registry, "openai", "input")).isEqualTo(7);
			assertThat(tokens(registry, "openai", "output")).isEqualTo(1);
		});
	}

	@Test
	void theTokensCarryTheModelEachRequestAskedFor() {
		answer(A, okJson(OPENAI_ANSWER));
		this.contextRunner.withPropertyValues("paracle.providers.openai.api-key=" + A).run((context) -> {
			OpenAiChatModel model = context.getBean(OpenAiChatModel.class);
			model.call(new org.springframework.ai.chat.prompt.Prompt("hello",
					org.springframework.ai.openai.OpenAiChatOptions.builder().model("model-one").build()));
			model.call(new org.springframework.ai.chat.prompt.Prompt("hello",
					org.springframework.ai.openai.OpenAiChatOptions.builder().model("model-two").build()));
			model.call(new org.springframework.ai.chat.prompt.Prompt("hello",
					org.springframework.ai.openai.OpenAiChatOptions.builder().model("model-two").build()));
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			assertThat(registry.find("gen_ai.client.token.usage")
				.tags("provider", "openai", "gen_ai.token.type", "input", "gen_ai.request.model", "model-one")
				.summary()
				.count()).isEqualTo(1);
			assertThat(registry.find("gen_ai.client.token.usage")
				.tags("provider", "openai", "gen_ai.token.type", "input", "gen_ai.request.model", "model-two")
				.summary()
				.count()).isEqualTo(2);
		});
	}

	@Test
	void aStreamWhoseContentTypeHasACharsetIsMeasuredAsAStream() {
		answer(A, aResponse().withStatus(200)
			.withHeader("Content-Type", "Text/Event-Stream; charset=utf-8")
			.withBody(OPENAI_STREAM));
		this.contextRunner.withPropertyValues("paracle.providers.openai.api-key=" + A).run((context) -> {
			List<ChatResponse> chunks = context.getBean(OpenAiChatModel.class)
				.stream(prompt())
				.collectList()
				.block(Duration.ofSeconds(10));
			assertThat(chunks).isNotEmpty();
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			assertThat(registry.get("gen_ai.client.operation.time_to_first_chunk").tags("provider", "openai")
				.timer()
				.count()).isEqualTo(1);
			assertThat(calls(registry, "openai", "success")).isEqualTo(1);
		});
	}

	@Test
	void streamWithEveryKeyCoolingFailsWithTransientAiExceptionAsItsCause() {
		answer(A, aResponse().withStatus(429).withHeader("Retry-After", "30").withBody("{}"));
		this.contextRunner.withPropertyValues("paracle.providers.openai.api-keys=" + A).run((context) -> {
			OpenAiChatModel model = context.getBean(OpenAiChatModel.class);
			assertThatExceptionOfType(RuntimeException.class)
				.isThrownBy(() -> model.stream(prompt()).collectList().block(Duration.ofSeconds(10)))
				.satisfies((ex) -> assertThat(ex).rootCause().isInstanceOf(
						io.paracle.keys.provider.RateLimitExceededException.class))
				.satisfies((ex) -> assertThat(causes(ex)).anyMatch(TransientAiException.class::isInstance));
		});
	}

	private static List<Throwable> causes(Throwable ex) {
		java.util.List<Throwable> causes = new java.util.ArrayList<>();
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			causes.add(cause);
		}
		return causes;
	}

	private static org.springframework.ai.chat.prompt.Prompt prompt() {
		return new org.springframework.ai.chat.prompt.Prompt("hello");
	}

	private void answer(String key, com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder response) {
		this.server.stubFor(post(urlEqualTo(OPENAI_CHAT)).withHeader("Authorization", equalTo("Bearer " + key))
			.willReturn(response));
	}

	private int requestsWith(String key) {
		return this.server
			.findAll(postRequestedFor(urlEqualTo(OPENAI_CHAT)).withHeader("Authorization", equalTo("Bearer " + key)))
			.size();
	}

	static double tokens(MeterRegistry registry, String provider, String type) {
		return registry.find("gen_ai.client.token.usage").tags("provider", provider, "gen_ai.token.type", type)
			.summaries().stream()
			.mapToDouble(io.micrometer.core.instrument.DistributionSummary::totalAmount)
			.sum();
	}

	static double calls(MeterRegistry registry, String provider, String outcome) {
		return registry.find("api.calls").tags("provider", provider, "outcome", outcome).counters().stream()
			.mapToDouble(io.micrometer.core.instrument.Counter::count)
			.sum();
	}

}
