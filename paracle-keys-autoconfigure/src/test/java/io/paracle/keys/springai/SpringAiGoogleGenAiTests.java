package io.paracle.keys.springai;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import com.google.genai.Client;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.paracle.keys.autoconfigure.LlmProviderAutoConfiguration;
import io.paracle.keys.autoconfigure.ParacleKeysAutoConfiguration;
import io.paracle.keys.metrics.ApiCallMetricsAutoConfiguration;
import io.paracle.keys.resolve.Fingerprints;
import io.paracle.keys.testsupport.FakeProviderServer;
import io.paracle.keys.testsupport.MutableClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.ai.chat.model.ChatModel;
import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.google.genai.GoogleGenAiChatModel;
import org.springframework.ai.model.google.genai.autoconfigure.chat.GoogleGenAiChatAutoConfiguration;
import org.springframework.ai.model.openai.autoconfigure.OpenAiChatAutoConfiguration;
import org.springframework.ai.model.tool.autoconfigure.ToolCallingAutoConfiguration;
import org.springframework.ai.openai.OpenAiChatModel;
import org.springframework.ai.retry.TransientAiException;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.paracle.keys.springai.SpringAiOpenAiTests.calls;
import static io.paracle.keys.springai.SpringAiOpenAiTests.tokens;
import static io.paracle.keys.springai.SpringAiStubs.GEMINI_ANSWER;
import static io.paracle.keys.springai.SpringAiStubs.GEMINI_CHAT;
import static io.paracle.keys.springai.SpringAiStubs.GEMINI_STREAM;
import static io.paracle.keys.springai.SpringAiStubs.GEMINI_STREAM_ANSWER;
import static io.paracle.keys.springai.SpringAiStubs.OPENAI_ANSWER;
import static io.paracle.keys.springai.SpringAiStubs.OPENAI_CHAT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Spring AI's own {@code GoogleGenAiChatModel} (the google-genai SDK over OkHttp) on paracle's keys, driven
 * against a wire-level Gemini server: the exact path and {@code x-goog-api-key} header of each request, no key
 * in the URL, failover inside one call, streaming, meters, the named model of a {@code gemini} configuration, and
 * an application without google-genai.
 */
@ExtendWith(OutputCaptureExtension.class)
class SpringAiGoogleGenAiTests {

	private static final String A = "AIzaSpringAiGeminiKeyA0001";

	private static final String B = "AIzaSpringAiGeminiKeyB0002";

	private static final String C = "AIzaSpringAiGeminiKeyC0003";

	private static final String KEY_HEADER = "x-goog-api-key";

	static final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T10:00:00Z"));

	private final WireMockServer server = FakeProviderServer.reset();

	private final ApplicationContextRunner contextRunner = SpringAiStubs.contextRunner(clock, GoogleGenAiChatAutoConfiguration.class)
		.withPropertyValues("paracle.providers.gemini.base-url=" + FakeProviderServer.baseUrl(),
				"paracle.providers.gemini.retry-backoff=5ms", "spring.ai.google.genai.chat.model=gemini-2.0-flash");

	@BeforeEach
	void resetClock() {
		clock.advance(Duration.ofDays(1));
	}

	@Test
	void springAiModelSendsTheParacleKeyInTheGoogApiKeyHeaderAndNeverInTheUrl() {
		answer(GEMINI_CHAT, A, okJson(GEMINI_ANSWER));
		this.contextRunner.withPropertyValues("paracle.providers.gemini.api-key=" + A).run((context) -> {
			assertThat(context).getBean(Client.class).isSameAs(
					context.getBean(GoogleGenAiClients.class).forConfiguration("gemini"));
			ChatResponse response = context.getBean(GoogleGenAiChatModel.class).call(prompt());
			assertThat(response.getResult().getOutput().getText()).isEqualTo("ok");
			assertThat(this.server.findAll(anyRequestedFor(anyUrl()))).singleElement().satisfies((request) -> {
				assertThat(request.getUrl()).isEqualTo(GEMINI_CHAT);
				assertThat(request.getHeaders().getHeader(KEY_HEADER).values()).containsExactly(A);
				assertThat(request.getHeaders().keys()).doesNotContain("Authorization");
			});
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			assertThat(calls(registry, "gemini", "success")).isEqualTo(1);
			assertThat(registry.find("api.calls").tags("provider", "gemini", "operation", "chat").counter())
				.isNotNull();
			assertThat(tokens(registry, "gemini", "input")).isEqualTo(2);
			assertThat(tokens(registry, "gemini", "output")).isEqualTo(1);
			assertThat(registry.find("gen_ai.client.token.usage")
				.tags("provider", "gemini", "gen_ai.request.model", "gemini-2.0-flash")
				.summaries()).hasSize(2);
		});
	}

	@Test
	void customizersSeeEachAttemptWithItsKeyOnce() {
		answer(GEMINI_CHAT, A, aResponse().withStatus(429).withHeader("Retry-After", "30").withBody("{}"));
		answer(GEMINI_CHAT, B, okJson(GEMINI_ANSWER));
		List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
		this.contextRunner.withPropertyValues("paracle.providers.gemini.api-keys=" + A + "," + B)
			.withBean(GoogleGenAiHttpClientCustomizer.class, () -> (configuration, builder) -> builder
				.addInterceptor((chain) -> {
					seen.add(configuration + " " + chain.request().header(KEY_HEADER));
					return chain.proceed(chain.request());
				}))
			.run((context) -> {
				context.getBean(GoogleGenAiChatModel.class).call(prompt());
				assertThat(seen).containsExactly("gemini " + A, "gemini " + B);
			});
	}

	@Test
	void springAiKeySetAsWellIsOverriddenWithAWarningThatNamesThePropertyOnly(CapturedOutput output) {
		answer(GEMINI_CHAT, A, okJson(GEMINI_ANSWER));
		this.contextRunner
			.withPropertyValues("paracle.providers.gemini.api-key=" + A,
					"spring.ai.google.genai.api-key=AIzaSpringAiOwnKey9999")
			.run((context) -> {
				context.getBean(GoogleGenAiChatModel.class).call(prompt());
				assertThat(requestsWith(GEMINI_CHAT, A)).isEqualTo(1);
				assertThat(this.server.findAll(anyRequestedFor(anyUrl()))).hasSize(1);
				assertThat(output).contains("spring.ai.google.genai.api-key is set, and paracle configuration "
						+ "'gemini' supplies the keys of Spring AI's Google GenAI (Gemini) models too: paracle's keys "
						+ "win");
				assertThat(output).doesNotContain("AIzaSpringAiOwnKey9999").doesNotContain(A);
			});
	}

	@Test
	void hundredCallsSucceedOverA429KeyAndA401KeyWhichAreNotSentAgainAndAStreamGetsTheSameChoice() {
		answer(GEMINI_CHAT, A, aResponse().withStatus(429).withHeader("Retry-After", "30")
			.withBody("{\"error\":{\"code\":429,\"message\":\"Resource has been exhausted\","
					+ "\"status\":\"RESOURCE_EXHAUSTED\"}}"));
		answer(GEMINI_CHAT, B, aResponse().withStatus(401)
			.withBody("{\"error\":{\"code\":401,\"message\":\"API key not valid. Please pass a valid API key.\","
					+ "\"status\":\"UNAUTHENTICATED\"}}"));
		answer(GEMINI_CHAT, C, okJson(GEMINI_ANSWER));
		answer(GEMINI_STREAM, A, aResponse().withStatus(500).withBody("{}"));
		answer(GEMINI_STREAM, B, aResponse().withStatus(500).withBody("{}"));
		answer(GEMINI_STREAM, C, eventStream());
		this.contextRunner.withPropertyValues("paracle.providers.gemini.api-keys=" + A + "," + B + "," + C)
			.run((context) -> {
				GoogleGenAiChatModel model = context.getBean(GoogleGenAiChatModel.class);
				for (int call = 0; call < 100; call++) {
					clock.advance(Duration.ofMillis(250));
					assertThat(model.call(prompt()).getResult().getOutput().getText()).isEqualTo("ok");
				}
				assertThat(requestsWith(GEMINI_CHAT, B)).as("the 401 key is sent once").isEqualTo(1);
				assertThat(requestsWith(GEMINI_CHAT, A)).as("the 429 key is not sent again within its 30 s")
					.isEqualTo(1);
				assertThat(requestsWith(GEMINI_CHAT, C)).isEqualTo(100);
				assertThat(context.getBean(SpringAiKeyInterceptors.class).lastFingerprint())
					.isEqualTo(Fingerprints.of(C));
				MeterRegistry registry = context.getBean(MeterRegistry.class);
				assertThat(calls(registry, "gemini", "success")).isEqualTo(100);
				assertThat(calls(registry, "gemini", "rate_limited")).isEqualTo(1);
				assertThat(calls(registry, "gemini", "auth_error")).isEqualTo(1);
				assertThat(text(model.stream(prompt()).collectList().block(Duration.ofSeconds(10))))
					.containsExactly("o", "k");
				assertThat(this.server.findAll(postRequestedFor(urlEqualTo(GEMINI_STREAM))))
					.as("the stream goes out once, with the key the pool chose").singleElement()
					.satisfies((request) -> assertThat(request.getHeader(KEY_HEADER)).isEqualTo(C));
				assertThat(calls(registry, "gemini", "success")).isEqualTo(101);
				assertThat(this.server.findAll(anyRequestedFor(anyUrl())))
					.allSatisfy(SpringAiGoogleGenAiTests::noKeyInUrl);
			});
	}

	@Test
	void streamFailsOverFromA429KeyBeforeItsFirstByteAndIsMeasuredOnceItEnds() {
		answer(GEMINI_STREAM, A, aResponse().withStatus(429).withHeader("Retry-After", "30").withBody("{}"));
		answer(GEMINI_STREAM, B, eventStream());
		this.contextRunner.withPropertyValues("paracle.providers.gemini.api-keys=" + A + "," + B).run((context) -> {
			GoogleGenAiChatModel model = context.getBean(GoogleGenAiChatModel.class);
			assertThat(text(model.stream(prompt()).collectList().block(Duration.ofSeconds(10))))
				.containsExactly("o", "k");
			assertThat(requestsWith(GEMINI_STREAM, A)).isEqualTo(1);
			assertThat(requestsWith(GEMINI_STREAM, B)).isEqualTo(1);
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			assertThat(calls(registry, "gemini", "rate_limited")).isEqualTo(1);
			assertThat(calls(registry, "gemini", "success")).isEqualTo(1);
			assertThat(tokens(registry, "gemini", "input")).isEqualTo(5);
			assertThat(tokens(registry, "gemini", "output")).isEqualTo(2);
		});
	}

	@Test
	void theSdksOwnRetriesAreOffSoA500IsRetriedByParacleOnly() {
		answer(GEMINI_CHAT, A, aResponse().withStatus(500).withBody("{\"error\":{\"code\":500,\"message\":\"x\"}}"));
		this.contextRunner
			.withPropertyValues("paracle.providers.gemini.api-key=" + A, "paracle.providers.gemini.max-retries=1")
			.run((context) -> {
				ChatModel model = context.getBean(GoogleGenAiChatModel.class);
				assertThatExceptionOfType(RuntimeException.class).isThrownBy(() -> model.call(prompt()))
					.satisfies((ex) -> assertThat(ex).rootCause()
						.isInstanceOf(com.google.genai.errors.ServerException.class));
				assertThat(requestsWith(GEMINI_CHAT, A)).as("paracle's one retry, no SDK retries").isEqualTo(2);
			});
	}

	@Test
	void badRequestReachesTheCallerAsTheSdksOwnExceptionWithoutFailover() {
		answer(GEMINI_CHAT, A, aResponse().withStatus(400)
			.withBody("{\"error\":{\"code\":400,\"message\":\"Invalid JSON payload\",\"status\":\"INVALID_ARGUMENT\"}}"));
		this.contextRunner.withPropertyValues("paracle.providers.gemini.api-keys=" + A + "," + B).run((context) -> {
			ChatModel model = context.getBean(GoogleGenAiChatModel.class);
			assertThatExceptionOfType(RuntimeException.class).isThrownBy(() -> model.call(prompt()))
				.satisfies((ex) -> assertThat(ex.getCause()).isInstanceOf(com.google.genai.errors.ClientException.class)
					.hasMessageContaining("Invalid JSON payload"));
			assertThat(requestsWith(GEMINI_CHAT, A)).isEqualTo(1);
			assertThat(requestsWith(GEMINI_CHAT, B)).isZero();
			assertThat(calls(context.getBean(MeterRegistry.class), "gemini", "client_error")).isEqualTo(1);
		});
	}

	@Test
	void everyKeyCoolingReachesTheCallerOfTheNamedModelAsTransientAiExceptionWithoutSpringAiRetries() {
		this.server.stubFor(post(urlEqualTo("/eu" + GEMINI_CHAT)).willReturn(
				aResponse().withStatus(429).withHeader("Retry-After", "30").withBody("{}")));
		this.contextRunner.withPropertyValues(euConfiguration()).run((context) -> {
			ChatModel model = context.getBean("gemini-euSpringAiChatModel", ChatModel.class);
			assertThatExceptionOfType(RuntimeException.class).isThrownBy(() -> model.call(prompt()))
				.satisfies((ex) -> assertThat(ex.getCause()).isInstanceOf(TransientAiException.class)
					.hasMessageContaining("answered HTTP 429 for provider 'gemini-eu': rate limit exceeded (key "
							+ Fingerprints.of(A) + "); retry after 30s"))
				.satisfies((ex) -> assertThat(causes(ex)).noneMatch((cause) -> String.valueOf(cause.getMessage())
					.contains(A)));
			assertThat(this.server.findAll(anyRequestedFor(anyUrl()))).as("no Spring AI retry either").hasSize(1);
		});
	}

	@Test
	void springAisRetryTemplateRepeatsAnEveryKeyCoolingCallOfItsOwnModelWithoutSendingWhileTheKeysCool(
			CapturedOutput output) {
		answer(GEMINI_CHAT, A, aResponse().withStatus(429).withHeader("Retry-After", "30").withBody("{}"));
		this.contextRunner
			.withConfiguration(AutoConfigurations
				.of(org.springframework.ai.retry.autoconfigure.SpringAiRetryAutoConfiguration.class))
			.withPropertyValues("paracle.providers.gemini.api-key=" + A, "spring.ai.retry.max-attempts=2",
					"spring.ai.retry.backoff.initial-interval=1ms", "spring.ai.retry.backoff.max-interval=1ms")
			.run((context) -> {
				ChatModel model = context.getBean(GoogleGenAiChatModel.class);
				assertThatExceptionOfType(RuntimeException.class).isThrownBy(() -> model.call(prompt()))
					.satisfies((ex) -> assertThat(ex.getCause()).isInstanceOf(TransientAiException.class));
				assertThat(output).contains("Retry error. Retry count:2");
				assertThat(requestsWith(GEMINI_CHAT, A)).as("the cooling key is not sent by Spring AI's retries")
					.isEqualTo(1);
				assertThat(output).doesNotContain(A);
			});
	}

	@Test
	void streamWithEveryKeyCoolingFailsWithTransientAiExceptionAsItsCause() {
		answer(GEMINI_STREAM, A, aResponse().withStatus(429).withHeader("Retry-After", "30").withBody("{}"));
		this.contextRunner.withPropertyValues("paracle.providers.gemini.api-key=" + A).run((context) -> {
			ChatModel model = context.getBean(GoogleGenAiChatModel.class);
			assertThatExceptionOfType(RuntimeException.class)
				.isThrownBy(() -> model.stream(prompt()).collectList().block(Duration.ofSeconds(10)))
				.satisfies((ex) -> assertThat(causes(ex)).anyMatch(TransientAiException.class::isInstance))
				.satisfies((ex) -> assertThat(ex).rootCause()
					.isInstanceOf(io.paracle.keys.provider.RateLimitExceededException.class));
			assertThat(requestsWith(GEMINI_STREAM, A)).isEqualTo(1);
		});
	}

	@Test
	void aGeminiConfigurationGetsANamedSpringAiGoogleGenAiChatModelOnItsOwnKeysAndBaseUrl() {
		this.server.stubFor(post(urlEqualTo("/eu/v1beta/models/gemini-2.5-flash:generateContent"))
			.withHeader(KEY_HEADER, equalTo(A))
			.willReturn(okJson(GEMINI_ANSWER)));
		this.contextRunner.withUserConfiguration(QualifiedInjection.class)
			.withPropertyValues(euConfiguration())
			.withPropertyValues("paracle.providers.gemini-eu.model=gemini-2.5-flash")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean("gemini-euSpringAiChatModel")).isInstanceOf(GoogleGenAiChatModel.class);
				assertThat(context).doesNotHaveBean("paracleGoogleGenAiClient");
				assertThat(context.getBean(QualifiedInjection.class).model)
					.isSameAs(context.getBean("gemini-euSpringAiChatModel"));
				ChatModel model = context.getBean(QualifiedInjection.class).model;
				assertThat(model.call(prompt()).getResult().getOutput().getText()).isEqualTo("ok");
				assertThat(this.server.findAll(anyRequestedFor(anyUrl()))).singleElement()
					.satisfies((request) -> assertThat(request.getHeader(KEY_HEADER)).isEqualTo(A));
				assertThat(calls(context.getBean(MeterRegistry.class), "gemini-eu", "success")).isEqualTo(1);
			});
	}

	@Test
	void vertexAiModeIsLeftToSpringAi() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(ParacleKeysAutoConfiguration.class,
					ApiCallMetricsAutoConfiguration.class, LlmProviderAutoConfiguration.class,
					ParacleSpringAiAutoConfiguration.class))
			.withPropertyValues("paracle.providers.gemini.api-key=" + A, "spring.ai.google.genai.vertex-ai=true",
					"spring.ai.google.genai.project-id=p", "spring.ai.google.genai.location=europe-west4")
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean("paracleGoogleGenAiClient")
				.hasSingleBean(GoogleGenAiClients.class));
	}

	@Test
	void aClientOfTheApplicationsOwnIsLeftAsItIs() {
		Client own = Client.builder().apiKey("AIzaOwnClient").build();
		this.contextRunner.withBean("ownClient", Client.class, () -> own)
			.withPropertyValues("paracle.providers.gemini.api-key=" + A)
			.run((context) -> assertThat(context).getBean(Client.class).isSameAs(own));
	}

	@Test
	void withoutAParacleGeminiConfigurationSpringAisModelIsSpringAis() {
		this.contextRunner.withPropertyValues("spring.ai.google.genai.api-key=AIzaSpringAiOnly")
			.run((context) -> assertThat(context).doesNotHaveBean("paracleGoogleGenAiClient")
				.hasBean("googleGenAiClient")
				.hasSingleBean(GoogleGenAiChatModel.class));
	}

	@Test
	void anApplicationWithoutGoogleGenAiIsUnchangedAndOpenAiStillRunsOnParacle() {
		this.server.stubFor(post(urlEqualTo(OPENAI_CHAT)).withHeader("Authorization", equalTo("Bearer sk-openai-1"))
			.willReturn(okJson(OPENAI_ANSWER)));
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(ParacleKeysAutoConfiguration.class,
					ApiCallMetricsAutoConfiguration.class, LlmProviderAutoConfiguration.class,
					ParacleSpringAiAutoConfiguration.class, ToolCallingAutoConfiguration.class,
					OpenAiChatAutoConfiguration.class, GoogleGenAiChatAutoConfiguration.class))
			.withClassLoader(new FilteredClassLoader("com.google.genai"))
			.withBean(SimpleMeterRegistry.class)
			.withPropertyValues("paracle.providers.openai.api-key=sk-openai-1",
					"spring.ai.openai.base-url=" + FakeProviderServer.baseUrl() + "/v1",
					"paracle.providers.gemini.api-key=" + A, "spring.ai.model.chat=openai")
			.run((context) -> {
				assertThat(context).hasNotFailed()
					.doesNotHaveBean(GoogleGenAiClients.class)
					.doesNotHaveBean("paracleGoogleGenAiClient")
					.doesNotHaveBean("geminiSpringAiChatModel")
					.hasBean("gemini");
				assertThat(context.getBean(OpenAiChatModel.class).call(prompt()).getResult().getOutput().getText())
					.isEqualTo("ok");
				assertThat(calls(context.getBean(MeterRegistry.class), "openai", "success")).isEqualTo(1);
			});
	}

	private static String[] euConfiguration() {
		return new String[] { "paracle.providers.gemini-eu.type=gemini", "paracle.providers.gemini-eu.api-key=" + A,
				"paracle.providers.gemini-eu.base-url=" + FakeProviderServer.baseUrl() + "/eu",
				// without a key of its own, Spring AI's auto-configured Gemini model would fail startup
				"spring.ai.model.chat=none" };
	}

	private static void noKeyInUrl(LoggedRequest request) {
		assertThat(request.getUrl()).doesNotContain("key=").doesNotContain(A).doesNotContain(B).doesNotContain(C);
	}

	private static ResponseDefinitionBuilder eventStream() {
		return aResponse().withStatus(200).withHeader("Content-Type", "text/event-stream")
			.withBody(GEMINI_STREAM_ANSWER);
	}

	private static List<String> text(List<ChatResponse> chunks) {
		return chunks.stream()
			.filter((chunk) -> chunk.getResult() != null)
			.map((chunk) -> chunk.getResult().getOutput().getText())
			.toList();
	}

	private static List<Throwable> causes(Throwable ex) {
		List<Throwable> causes = new java.util.ArrayList<>();
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			causes.add(cause);
		}
		return causes;
	}

	private static Prompt prompt() {
		return new Prompt("hello");
	}

	private void answer(String path, String key, ResponseDefinitionBuilder response) {
		this.server.stubFor(post(urlEqualTo(path)).withHeader(KEY_HEADER, equalTo(key)).willReturn(response));
	}

	private int requestsWith(String path, String key) {
		return this.server.findAll(postRequestedFor(urlEqualTo(path)).withHeader(KEY_HEADER, equalTo(key))).size();
	}

	@Configuration(proxyBeanMethods = false)
	static class QualifiedInjection {

		ChatModel model;

		@Bean
		String qualifiedInjection(@Qualifier("gemini-eu") ChatModel model) {
			this.model = model;
			return "injected";
		}

	}

}
