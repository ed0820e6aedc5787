package io.paracle.keys.langchain4j;

import java.util.List;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.langchain4j.exception.AuthenticationException;
import dev.langchain4j.exception.InvalidRequestException;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.openai.OpenAiChatModel;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.paracle.keys.autoconfigure.LlmProviderAutoConfiguration;
import io.paracle.keys.autoconfigure.ParacleKeysAutoConfiguration;
import io.paracle.keys.metrics.ApiCallMetricsAutoConfiguration;
import io.paracle.keys.resolve.Fingerprints;
import io.paracle.keys.testsupport.FakeProviderServer;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.paracle.keys.langchain4j.LangChain4jStubs.ANTHROPIC_ANSWER;
import static io.paracle.keys.langchain4j.LangChain4jStubs.ANTHROPIC_MESSAGES;
import static io.paracle.keys.langchain4j.LangChain4jStubs.ANTHROPIC_STREAM;
import static io.paracle.keys.langchain4j.LangChain4jStubs.GEMINI_ANSWER;
import static io.paracle.keys.langchain4j.LangChain4jStubs.GEMINI_GENERATE;
import static io.paracle.keys.langchain4j.LangChain4jStubs.GEMINI_STREAM;
import static io.paracle.keys.langchain4j.LangChain4jStubs.GEMINI_STREAM_BODY;
import static io.paracle.keys.langchain4j.LangChain4jStubs.OPENAI_ANSWER;
import static io.paracle.keys.langchain4j.LangChain4jStubs.OPENAI_CHAT;
import static io.paracle.keys.langchain4j.LangChain4jStubs.OPENAI_STREAM;
import static io.paracle.keys.langchain4j.LangChain4jStubs.events;
import static io.paracle.keys.langchain4j.LangChain4jStubs.json;
import static io.paracle.keys.langchain4j.LangChain4jStubs.stream;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * What LangChain4j's own models put on the wire when they run on paracle's keys: each provider's auth header with
 * the pool's key and nothing else (the placeholder never leaves, no key in a URL), measured calls with tokens
 * counted once, LangChain4j's exception types when no key is left.
 */
class LangChain4jWireTests {

	private static final String OPENAI_KEY = "sk-lc4j-wire-openai-0001";

	private static final String ANTHROPIC_KEY = "sk-ant-lc4j-wire-0002";

	private static final String GEMINI_KEY = "AIzaLc4jWireGemini0003";

	private final WireMockServer server = FakeProviderServer.reset();

	private final ApplicationContextRunner contextRunner = onTransport(new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ParacleKeysAutoConfiguration.class,
				ApiCallMetricsAutoConfiguration.class, LlmProviderAutoConfiguration.class,
				ParacleLangChain4jAutoConfiguration.class))
		.withBean(SimpleMeterRegistry.class)
		.withPropertyValues("paracle.keys.dotenv.enabled=false",
				"paracle.providers.openai.base-url=" + FakeProviderServer.baseUrl() + "/openai/v1",
				"paracle.providers.openai.api-key=" + OPENAI_KEY,
				"paracle.providers.anthropic.base-url=" + FakeProviderServer.baseUrl() + "/anthropic",
				"paracle.providers.anthropic.api-key=" + ANTHROPIC_KEY,
				"paracle.providers.gemini.base-url=" + FakeProviderServer.baseUrl() + "/gemini",
				"paracle.providers.gemini.api-key=" + GEMINI_KEY, "paracle.providers.gemini.model=gemini-2.0-flash"));

	/**
	 * The application these tests run in: with Apache HttpClient 5 on the classpath (the starter's default).
	 */
	ApplicationContextRunner onTransport(ApplicationContextRunner runner) {
		return runner;
	}

	/**
	 * The transport the application sends through.
	 */
	String expectedTransport() {
		return "apache-httpclient5";
	}

	@Test
	void chatsAndStreamsGoOutThroughTheApplicationsBestTransport() {
		this.server.stubFor(post(urlEqualTo(ANTHROPIC_MESSAGES)).willReturn(json(ANTHROPIC_ANSWER)));
		this.contextRunner.run((context) -> {
			ParacleLangChain4j paracle = context.getBean(ParacleLangChain4j.class);
			assertThat(paracle.transport()).isEqualTo(expectedTransport());
			assertThat(((ParacleHttpClient) paracle.httpClientBuilder("anthropic").build()).transport())
				.isEqualTo(expectedTransport());
			// by type: the one Anthropic configuration's beans, whatever their names
			assertThat(context.getBean(dev.langchain4j.model.anthropic.AnthropicChatModel.class).chat("Hello"))
				.isEqualTo("Hi from Claude");
			this.server.stubFor(post(urlEqualTo(ANTHROPIC_MESSAGES)).willReturn(events(ANTHROPIC_STREAM)));
			assertThat(stream(context.getBean(dev.langchain4j.model.anthropic.AnthropicStreamingChatModel.class),
					"Hello")
				.aiMessage().text()).isEqualTo("Hi streamed");
		});
		List<LoggedRequest> requests = this.server.findAll(anyRequestedFor(anyUrl()));
		assertThat(requests).hasSize(2);
		for (LoggedRequest request : requests) {
			// what each client writes of its own: LangChain4j's Anthropic model sets no User-Agent
			if (expectedTransport().equals("apache-httpclient5")) {
				assertThat(request.getHeader("User-Agent")).startsWith("Apache-HttpClient/5.");
				assertThat(request.getHeader("Accept-Encoding")).contains("gzip");
			}
			else {
				assertThat(request.getHeader("User-Agent")).startsWith("Java-http-client/");
				assertThat(request.containsHeader("Accept-Encoding")).isFalse();
			}
		}
	}

	@Test
	void eachProviderGetsItsOwnAuthHeaderWithThePoolsKeyOnChatAndStream() {
		this.server.stubFor(post(urlEqualTo(OPENAI_CHAT)).willReturn(json(OPENAI_ANSWER)));
		this.server.stubFor(post(urlEqualTo(ANTHROPIC_MESSAGES)).willReturn(json(ANTHROPIC_ANSWER)));
		this.server.stubFor(post(urlEqualTo(GEMINI_GENERATE)).willReturn(json(GEMINI_ANSWER)));
		this.contextRunner.run((context) -> {
			assertThat(context.getBean("openaiLangChain4jChatModel", ChatModel.class).chat("Hello")).isEqualTo("Hi from OpenAI");
			assertThat(context.getBean("anthropicLangChain4jChatModel", ChatModel.class).chat("Hello"))
				.isEqualTo("Hi from Claude");
			assertThat(context.getBean("geminiLangChain4jChatModel", ChatModel.class).chat("Hello")).isEqualTo("Hi from Gemini");
			this.server.stubFor(post(urlEqualTo(OPENAI_CHAT)).willReturn(events(OPENAI_STREAM)));
			this.server.stubFor(post(urlEqualTo(ANTHROPIC_MESSAGES)).willReturn(events(ANTHROPIC_STREAM)));
			this.server.stubFor(post(urlPathEqualTo(GEMINI_STREAM)).willReturn(events(GEMINI_STREAM_BODY)));
			assertThat(stream(context.getBean("openaiLangChain4jStreamingChatModel", StreamingChatModel.class), "Hello")
				.aiMessage().text()).isEqualTo("Hi streamed");
			assertThat(stream(context.getBean("anthropicLangChain4jStreamingChatModel", StreamingChatModel.class), "Hello")
				.aiMessage().text()).isEqualTo("Hi streamed");
			assertThat(stream(context.getBean("geminiLangChain4jStreamingChatModel", StreamingChatModel.class), "Hello")
				.aiMessage().text()).isEqualTo("Hi streamed");
		});
		List<LoggedRequest> requests = this.server.findAll(anyRequestedFor(anyUrl()));
		assertThat(requests).hasSize(6);
		for (LoggedRequest request : requests) {
			String url = request.getAbsoluteUrl();
			assertThat(url).doesNotContain(OPENAI_KEY, ANTHROPIC_KEY, GEMINI_KEY, "key=",
					ParacleLangChain4j.API_KEY_PLACEHOLDER);
			assertThat(request.getHeaders().all().toString()).doesNotContain(ParacleLangChain4j.API_KEY_PLACEHOLDER);
			assertThat(request.getBodyAsString()).doesNotContain(ParacleLangChain4j.API_KEY_PLACEHOLDER, OPENAI_KEY,
					ANTHROPIC_KEY, GEMINI_KEY);
			if (url.contains("/openai/")) {
				assertThat(request.getHeaders().getHeader("Authorization").values())
					.containsExactly("Bearer " + OPENAI_KEY);
				assertThat(request.containsHeader("x-api-key")).isFalse();
			}
			else if (url.contains("/anthropic/")) {
				assertThat(request.getHeaders().getHeader("x-api-key").values()).containsExactly(ANTHROPIC_KEY);
				assertThat(request.getHeader("anthropic-version")).isEqualTo("2023-06-01");
				assertThat(request.containsHeader("Authorization")).isFalse();
			}
			else {
				assertThat(url).contains("/gemini/v1beta/models/gemini-2.0-flash:");
				assertThat(request.getHeaders().getHeader("x-goog-api-key").values()).containsExactly(GEMINI_KEY);
				assertThat(request.containsHeader("Authorization")).isFalse();
			}
		}
	}

	@Test
	void everyCallIsMeasuredAsItsConfigurationsCallWithTokensCountedOnce() {
		this.server.stubFor(post(urlEqualTo(OPENAI_CHAT)).willReturn(json(OPENAI_ANSWER)));
		this.contextRunner.run((context) -> {
			ChatModel model = context.getBean("openaiLangChain4jChatModel", ChatModel.class);
			ChatResponse response = model.chat(dev.langchain4j.model.chat.request.ChatRequest.builder()
				.messages(dev.langchain4j.data.message.UserMessage.from("Hello"))
				.build());
			assertThat(response.tokenUsage().inputTokenCount()).isEqualTo(5);
			assertThat(((dev.langchain4j.model.openai.OpenAiChatResponseMetadata) response.metadata())
				.rawHttpResponse()
				.headers()
				.get(ParacleLangChain4j.KEY_FINGERPRINT_HEADER)).containsExactly(Fingerprints.of(OPENAI_KEY));
			model.chat("Hello again");
			this.server.stubFor(post(urlEqualTo(OPENAI_CHAT)).willReturn(events(OPENAI_STREAM)));
			stream(context.getBean("openaiLangChain4jStreamingChatModel", StreamingChatModel.class), "Hello");
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			assertThat(registry.get("api.calls").tags("provider", "openai", "operation", "chat", "outcome", "success")
				.counter()
				.count()).isEqualTo(3);
			assertThat(registry.get("gen_ai.client.token.usage").tags("provider", "openai", "gen_ai.token.type", "input")
				.summary()
				.totalAmount()).isEqualTo(5 + 5 + 5);
			assertThat(registry.get("gen_ai.client.token.usage").tags("provider", "openai", "gen_ai.token.type", "output")
				.summary()
				.totalAmount()).isEqualTo(3 + 3 + 2);
			assertThat(registry.get("api.call.duration").tags("provider", "openai", "outcome", "success")
				.timer()
				.count()).isEqualTo(3);
		});
	}

	@Test
	void aStreamTheHandlerCancelsEndsItsMeasuredCallAsCancelledWithoutAnotherRequest() {
		this.server.stubFor(post(urlEqualTo(OPENAI_CHAT)).willReturn(events(OPENAI_STREAM)));
		this.contextRunner.run((context) -> {
			StreamingChatModel model = context.getBean("openaiLangChain4jStreamingChatModel", StreamingChatModel.class);
			java.util.List<String> partials = new java.util.concurrent.CopyOnWriteArrayList<>();
			model.chat("Hello", new dev.langchain4j.model.chat.response.StreamingChatResponseHandler() {

				@Override
				public void onPartialResponse(dev.langchain4j.model.chat.response.PartialResponse partial,
						dev.langchain4j.model.chat.response.PartialResponseContext partialContext) {
					partials.add(partial.text());
					partialContext.streamingHandle().cancel();
				}

				@Override
				public void onCompleteResponse(ChatResponse response) {
				}

				@Override
				public void onError(Throwable error) {
				}

			});
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			org.awaitility.Awaitility.await()
				.atMost(java.time.Duration.ofSeconds(10))
				.until(() -> registry.find("api.calls").tags("provider", "openai", "outcome", "cancelled").counter(),
						(counter) -> counter != null && counter.count() == 1);
			assertThat(partials).containsExactly("Hi ");
			assertThat(registry.find("api.calls").tags("provider", "openai", "outcome", "success").counter())
				.isNull();
		});
		assertThat(this.server.findAll(anyRequestedFor(anyUrl()))).hasSize(1);
	}

	@Test
	void anAnswerLargerThanTheMaxResponseSizeFailsOnceWithoutRetries() {
		String large = OPENAI_ANSWER.replace("Hi from OpenAI", "x".repeat(4096));
		this.server.stubFor(post(urlEqualTo(OPENAI_CHAT)).willReturn(json(large)));
		this.contextRunner.withPropertyValues("paracle.http.max-response-size=1KB").run((context) -> {
			ChatModel model = context.getBean("openaiLangChain4jChatModel", ChatModel.class);
			assertThatExceptionOfType(dev.langchain4j.exception.LangChain4jException.class)
				.isThrownBy(() -> model.chat("Hello"))
				.withMessageContaining("answered more than paracle.http.max-response-size (1024 bytes)");
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			assertThat(registry.get("api.calls").tags("provider", "openai", "outcome", "invalid_response")
				.counter()
				.count()).isOne();
		});
		assertThat(this.server.findAll(anyRequestedFor(anyUrl()))).hasSize(1);
	}

	@Test
	void anUnknownErrorAnswerReachesTheModelAsLangChain4jsExceptionWithoutRetries() {
		this.server.stubFor(post(urlEqualTo(OPENAI_CHAT))
			.willReturn(aResponse().withStatus(400).withBody("{\"error\":{\"message\":\"bad request\"}}")));
		this.contextRunner.run((context) -> {
			ChatModel model = context.getBean("openaiLangChain4jChatModel", ChatModel.class);
			assertThatExceptionOfType(InvalidRequestException.class).isThrownBy(() -> model.chat("Hello"))
				.withMessageContaining("400")
				.withMessageContaining("bad request");
		});
		assertThat(this.server.findAll(anyRequestedFor(anyUrl()))).hasSize(1);
	}

	@Test
	void whenTheOnlyKeyIsRefusedTheModelThrowsAuthenticationExceptionWithItsFingerprintNeverTheKey() {
		this.server.stubFor(post(urlEqualTo(OPENAI_CHAT))
			.willReturn(aResponse().withStatus(401).withBody("{\"error\":{\"message\":\"Incorrect API key provided: "
					+ OPENAI_KEY + "\"}}")));
		this.contextRunner.run((context) -> {
			ChatModel model = context.getBean("openaiLangChain4jChatModel", ChatModel.class);
			assertThatExceptionOfType(AuthenticationException.class).isThrownBy(() -> model.chat("Hello"))
				.withMessageContaining(Fingerprints.of(OPENAI_KEY))
				.withMessageNotContaining(OPENAI_KEY);
			Throwable streamed = catchStream(context.getBean("openaiLangChain4jStreamingChatModel", StreamingChatModel.class));
			assertThat(streamed).isInstanceOf(AuthenticationException.class);
			assertThat(streamed.getMessage()).doesNotContain(OPENAI_KEY);
		});
	}

	@Test
	void aModelOfOnesOwnRunsOnTheHelpersBuilderAndMaySendOnlyToTheConfigurationsOrigin() {
		this.server.stubFor(post(urlEqualTo(OPENAI_CHAT)).willReturn(json(OPENAI_ANSWER)));
		this.contextRunner.withPropertyValues("paracle.langchain4j.chat-models.enabled=false").run((context) -> {
			ParacleLangChain4j paracle = context.getBean(ParacleLangChain4j.class);
			ChatModel own = OpenAiChatModel.builder()
				.httpClientBuilder(paracle.httpClientBuilder("openai"))
				.baseUrl(FakeProviderServer.baseUrl() + "/openai/v1")
				.apiKey(ParacleLangChain4j.API_KEY_PLACEHOLDER)
				.modelName("gpt-4o-mini")
				.maxRetries(0)
				.build();
			assertThat(own.chat("Hello")).isEqualTo("Hi from OpenAI");
			ChatModel elsewhere = OpenAiChatModel.builder()
				.httpClientBuilder(paracle.httpClientBuilder("openai"))
				.baseUrl("http://localhost:1/v1")
				.apiKey(ParacleLangChain4j.API_KEY_PLACEHOLDER)
				.modelName("gpt-4o-mini")
				.maxRetries(0)
				.build();
			assertThatExceptionOfType(IllegalArgumentException.class).isThrownBy(() -> elsewhere.chat("Hello"))
				.withMessageContaining("Provider 'openai' sends its keys only to " + FakeProviderServer.baseUrl())
				.withMessageContaining("paracle.providers.openai.base-url")
				.withMessageContaining("http://localhost:1");
			assertThatExceptionOfType(IllegalArgumentException.class)
				.isThrownBy(() -> paracle.httpClientBuilder("openai-us"))
				.withMessageContaining("No active provider configuration 'openai-us'")
				.withMessageContaining("paracle.providers.openai-us.*");
		});
		assertThat(this.server.findAll(anyRequestedFor(anyUrl()))).hasSize(1);
	}

	private static Throwable catchStream(StreamingChatModel model) {
		try {
			stream(model, "Hello");
			throw new AssertionError("The stream should have failed");
		}
		catch (Exception ex) {
			return ex;
		}
	}

}
