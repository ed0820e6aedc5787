package io.paracle.keys.route;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.paracle.keys.autoconfigure.LlmProviderAutoConfiguration;
import io.paracle.keys.autoconfigure.ParacleKeysAutoConfiguration;
import io.paracle.keys.metrics.ApiCallMetricsAutoConfiguration;
import io.paracle.keys.provider.ChatRequest;
import io.paracle.keys.provider.ChatResponse;
import io.paracle.keys.provider.ChatStream;
import io.paracle.keys.provider.LlmProvider;
import io.paracle.keys.provider.LlmProviderException;
import io.paracle.keys.provider.LlmProviders;
import io.paracle.keys.provider.ProviderRequestException;
import io.paracle.keys.provider.client.OpenAiProvider;
import io.paracle.keys.resilience.KeyPoolListener;
import io.paracle.keys.resilience.KeyPools;
import io.paracle.keys.resilience.KeySelectionStrategy;
import io.paracle.keys.resolve.ApiKeyResolver;
import io.paracle.keys.resolve.Fingerprints;
import io.paracle.keys.testsupport.FailureAnalyses;
import io.paracle.keys.testsupport.MutableClock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Routes across two providers, each on its own WireMock server speaking its wire format: OpenAI first, Anthropic
 * second. Counts of requests seen by each server and exact meter values prove where every call went.
 */
class RouteTests {

	private static final String OPENAI_CHAT = "/v1/chat/completions";

	private static final String ANTHROPIC_CHAT = "/v1/messages";

	private static final String OPENAI_KEY = "sk-route-openai-key-0001";

	private static final String ANTHROPIC_KEY = "sk-ant-route-key-0001";

	private static final String OPENAI_ANSWER = """
			{"id":"chatcmpl-1","object":"chat.completion","model":"gpt-4o-mini",
			 "choices":[{"index":0,"message":{"role":"assistant","content":"from openai"},"finish_reason":"stop"}],
			 "usage":{"prompt_tokens":2,"completion_tokens":1,"total_tokens":3}}""";

	private static final String ANTHROPIC_ANSWER = """
			{"id":"msg_1","type":"message","role":"assistant","model":"claude-3-5-haiku-latest",
			 "content":[{"type":"text","text":"from anthropic"}],"stop_reason":"end_turn",
			 "usage":{"input_tokens":3,"output_tokens":2}}""";

	private static final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T10:00:00Z"));

	private static WireMockServer openai;

	private static WireMockServer anthropic;

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ParacleKeysAutoConfiguration.class,
				ApiCallMetricsAutoConfiguration.class, LlmProviderAutoConfiguration.class))
		.withBean(SimpleMeterRegistry.class)
		.withUserConfiguration(ClockConfiguration.class)
		.withPropertyValues("paracle.providers.openai.api-key=" + OPENAI_KEY,
				"paracle.providers.openai.base-url=http://127.0.0.1:" + openai.port() + "/v1",
				"paracle.providers.openai.retry-backoff=1ms", "paracle.providers.openai.max-retries=2",
				"paracle.providers.anthropic.api-key=" + ANTHROPIC_KEY,
				"paracle.providers.anthropic.base-url=http://127.0.0.1:" + anthropic.port(),
				"paracle.routes.fast.providers=openai,anthropic",
				"paracle.routes.fast.models.anthropic=claude-3-5-haiku-latest");

	@BeforeAll
	static void startServers() {
		openai = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
		anthropic = new WireMockServer(WireMockConfiguration.options().bindAddress("127.0.0.1").dynamicPort());
		openai.start();
		anthropic.start();
	}

	@AfterAll
	static void stopServers() {
		openai.stop();
		anthropic.stop();
	}

	@BeforeEach
	void reset() {
		openai.resetAll();
		anthropic.resetAll();
		anthropic.stubFor(post(urlEqualTo(ANTHROPIC_CHAT)).willReturn(okJson(ANTHROPIC_ANSWER)));
		clock.advance(Duration.ofDays(1));
	}

	@Test
	void theFirstMemberAnswersWhileItCan() {
		openai.stubFor(post(urlEqualTo(OPENAI_CHAT)).willReturn(okJson(OPENAI_ANSWER)));
		this.contextRunner.run((context) -> {
			ChatResponse response = route(context.getBean(LlmProviders.class)).chat("hello");
			assertThat(response.text()).isEqualTo("from openai");
			assertThat(response.provider()).isEqualTo("openai");
			assertThat(response.keyFingerprint()).isEqualTo(Fingerprints.of(OPENAI_KEY));
			assertThat(chats(openai, OPENAI_CHAT)).isOne();
			assertThat(chats(anthropic, ANTHROPIC_CHAT)).isZero();
			assertThat(context.getBean(MeterRegistry.class).find("paracle.route.fallbacks").counters()).isEmpty();
		});
	}

	@Test
	void aRateLimitedOnlyKeySendsCallsToTheNextMemberAndIsNotAskedAgainDuringItsCooldown() {
		openai.stubFor(post(urlEqualTo(OPENAI_CHAT))
			.willReturn(aResponse().withStatus(429).withHeader("Retry-After", "30").withBody("{}")));
		this.contextRunner.run((context) -> {
			LlmProvider route = route(context.getBean(LlmProviders.class));
			for (int call = 0; call < 5; call++) {
				ChatResponse response = route.chat("hello");
				assertThat(response.text()).isEqualTo("from anthropic");
				assertThat(response.provider()).isEqualTo("anthropic");
				assertThat(response.keyFingerprint()).isEqualTo(Fingerprints.of(ANTHROPIC_KEY));
			}
			assertThat(chats(openai, OPENAI_CHAT)).as("asked once, then cooling for 30s").isOne();
			assertThat(chats(anthropic, ANTHROPIC_CHAT)).isEqualTo(5);
			anthropic.verify(5, postRequestedFor(urlEqualTo(ANTHROPIC_CHAT))
				.withRequestBody(equalToJson("{\"model\":\"claude-3-5-haiku-latest\"}", true, true)));
			assertThat(fallbacks(context.getBean(MeterRegistry.class), "rate_limited")).isEqualTo(5);

			clock.advance(Duration.ofSeconds(30));
			openai.stubFor(post(urlEqualTo(OPENAI_CHAT)).willReturn(okJson(OPENAI_ANSWER)));
			assertThat(route.chat("hello").provider()).as("back to the first member after its cool-down")
				.isEqualTo("openai");
			assertThat(chats(openai, OPENAI_CHAT)).isEqualTo(2);
			assertThat(fallbacks(context.getBean(MeterRegistry.class), "rate_limited")).isEqualTo(5);
		});
	}

	@Test
	void serverErrorsAfterEveryRetryFallOverToTheNextMember() {
		openai.stubFor(post(urlEqualTo(OPENAI_CHAT)).willReturn(aResponse().withStatus(503).withBody("{}")));
		this.contextRunner.run((context) -> {
			assertThat(route(context.getBean(LlmProviders.class)).chat("hello").provider()).isEqualTo("anthropic");
			assertThat(chats(openai, OPENAI_CHAT)).as("max-retries=2: three attempts").isEqualTo(3);
			assertThat(chats(anthropic, ANTHROPIC_CHAT)).isOne();
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			assertThat(fallbacks(registry, "server_error")).isEqualTo(1);
			assertThat(registry.get("api.calls").tags("provider", "openai", "outcome", "server_error").counter().count())
				.isEqualTo(3);
			assertThat(registry.get("api.calls").tags("provider", "anthropic", "outcome", "success").counter().count())
				.isEqualTo(1);
		});
	}

	@Test
	void anUnreachableMemberFallsOver() {
		this.contextRunner.withPropertyValues("paracle.providers.openai.base-url=http://127.0.0.1:1/v1",
				"paracle.providers.openai.max-retries=0")
			.run((context) -> {
				assertThat(route(context.getBean(LlmProviders.class)).chat("hello").provider())
					.isEqualTo("anthropic");
				assertThat(fallbacks(context.getBean(MeterRegistry.class), "unreachable")).isEqualTo(1);
			});
	}

	@Test
	void aTimeoutFallsOver() {
		openai.stubFor(post(urlEqualTo(OPENAI_CHAT)).willReturn(okJson(OPENAI_ANSWER).withFixedDelay(1000)));
		this.contextRunner.withPropertyValues("paracle.providers.openai.timeout=200ms",
				"paracle.providers.openai.max-retries=0")
			.run((context) -> {
				assertThat(route(context.getBean(LlmProviders.class)).chat("hello").provider())
					.isEqualTo("anthropic");
				assertThat(fallbacks(context.getBean(MeterRegistry.class), "timeout")).isEqualTo(1);
			});
	}

	@Test
	void aRefusedRequestReachesTheCallerAndTheNextMemberIsNeverAsked() {
		for (int status : new int[] { 400, 404, 422 }) {
			openai.stubFor(post(urlEqualTo(OPENAI_CHAT)).willReturn(aResponse().withStatus(status)
				.withBody("{\"error\":{\"message\":\"bad request " + status + "\"}}")));
			this.contextRunner.run((context) -> {
				assertThatExceptionOfType(ProviderRequestException.class)
					.isThrownBy(() -> route(context.getBean(LlmProviders.class)).chat("hello"))
					.satisfies((ex) -> {
						assertThat(ex.getProvider()).isEqualTo("openai");
						assertThat(ex.getStatusCode()).isEqualTo(status);
					});
				assertThat(context.getBean(MeterRegistry.class).find("paracle.route.fallbacks").counters()).isEmpty();
			});
		}
		assertThat(chats(openai, OPENAI_CHAT)).isEqualTo(3);
		assertThat(chats(anthropic, ANTHROPIC_CHAT)).isZero();
	}

	@Test
	void whenEveryMemberIsDownOneExceptionListsEachMembersReason() {
		openai.stubFor(post(urlEqualTo(OPENAI_CHAT))
			.willReturn(aResponse().withStatus(429).withHeader("Retry-After", "30").withBody("{}")));
		anthropic.stubFor(post(urlEqualTo(ANTHROPIC_CHAT))
			.willReturn(aResponse().withStatus(401).withBody("{\"error\":{\"type\":\"authentication_error\"}}")));
		this.contextRunner.run((context) -> {
			assertThatExceptionOfType(RouteUnavailableException.class)
				.isThrownBy(() -> route(context.getBean(LlmProviders.class)).chat("hello"))
				.satisfies((ex) -> {
					assertThat(ex.getProvider()).isEqualTo("fast");
					assertThat(ex.getFailures()).containsOnlyKeys("openai", "anthropic");
					assertThat(ex.getSuppressed()).hasSize(2);
					assertThat(ex.getMessage())
						.startsWith("No member of route 'fast' could take the call "
								+ "(paracle.routes.fast.providers=openai,anthropic): [openai: rate_limited, HTTP 429] ")
						.contains(" [anthropic: no_usable_key, HTTP 401] ")
						.contains(Fingerprints.of(ANTHROPIC_KEY))
						.doesNotContain(OPENAI_KEY)
						.doesNotContain(ANTHROPIC_KEY);
				});
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			assertThat(fallbacks(registry, "rate_limited")).isEqualTo(1);
			assertThat(registry.find("paracle.route.fallbacks").counters()).hasSize(1);
			assertThat(chats(openai, OPENAI_CHAT)).isOne();
			assertThat(chats(anthropic, ANTHROPIC_CHAT)).isOne();
		});
	}

	@Test
	void aRouteIsInjectableByQualifierAndLlmProviderStaysInjectableByTypeWithOneProvider() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(ParacleKeysAutoConfiguration.class,
					LlmProviderAutoConfiguration.class))
			.withPropertyValues("paracle.providers.openai.api-key=" + OPENAI_KEY, "paracle.routes.fast.providers=openai")
			.withUserConfiguration(Injected.class)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				Injected injected = context.getBean(Injected.class);
				assertThat(injected.route()).isInstanceOf(LlmRoute.class);
				assertThat(injected.route().name()).isEqualTo("fast");
				assertThat(injected.single()).isInstanceOf(OpenAiProvider.class);
				assertThat(context.getBean(LlmProviders.class).names()).containsExactly("openai", "fast");
			});
	}

	@Test
	void aRouteDescribesItselfFromItsMembers() {
		this.contextRunner.run((context) -> {
			LlmRoute route = (LlmRoute) route(context.getBean(LlmProviders.class));
			assertThat(route.type()).isEqualTo("openai");
			assertThat(route.members()).extracting(LlmProvider::name).containsExactly("openai", "anthropic");
			assertThat(route.model("anthropic")).isEqualTo("claude-3-5-haiku-latest");
			assertThat(route.model("openai")).isNull();
			assertThat(route.keyDescription().provider()).isEqualTo("fast");
			assertThat(route.keyDescription().count()).isEqualTo(2);
			assertThat(route.keyDescription().fingerprints())
				.containsExactly(Fingerprints.of(OPENAI_KEY), Fingerprints.of(ANTHROPIC_KEY));
			assertThat(route.toString()).isEqualTo("LlmRoute[fast -> [openai, anthropic]]");
		});
	}

	@Test
	void aPerCallKeyIsRefused() {
		this.contextRunner.run((context) -> assertThatExceptionOfType(IllegalArgumentException.class)
			.isThrownBy(() -> route(context.getBean(LlmProviders.class))
				.chat(ChatRequest.builder().user("hello").apiKey("sk-per-call-key-0001").build()))
			.withMessage("Route 'fast' does not take a per-call key: a key belongs to one provider; call a member of "
					+ "the route ([openai, anthropic]) with it instead"));
	}

	@Test
	void startupRefusesARouteNamingAnUnknownConfigurationOrItself() {
		this.contextRunner.withPropertyValues("paracle.routes.fast.providers=openai,anthropic,fast,nope,gemini")
			.run((context) -> {
				assertThat(context).hasFailed();
				Throwable failure = context.getStartupFailure();
				assertThat(failure).isInstanceOf(RouteConfigurationException.class);
				FailureAnalysis analysis = FailureAnalyses.of(failure, getClass().getClassLoader());
				assertThat(analysis.getDescription()).isEqualTo("paracle-keys cannot build the routes:\n\n"
						+ "  - paracle.routes.fast.providers[2]: route 'fast' names itself\n\n"
						+ "  - paracle.routes.fast.providers[3]: route 'fast' names 'nope', which is not a provider "
						+ "configuration\n\n"
						+ "  - paracle.routes.fast.providers[4]: route 'fast' names 'gemini', which is not active: no "
						+ "key was found for it (set GEMINI_API_KEY or paracle.providers.gemini.api-key), or it is "
						+ "switched off (paracle.providers.gemini.enabled=false)");
				assertThat(analysis.getAction()).startsWith("Fix each route property below:\n\n"
						+ "  - paracle.routes.fast.providers[2]: name an active provider configuration, one of "
						+ "[openai, anthropic], or remove it");
			});
	}

	@Test
	void startupRefusesARouteNamedLikeAProviderOrWithAModelForANonMember() {
		this.contextRunner.withPropertyValues("paracle.routes.openai.providers=anthropic",
				"paracle.routes.fast.models.gemini=gemini-2.0-flash")
			.run((context) -> {
				FailureAnalysis analysis = FailureAnalyses.of(context.getStartupFailure(), getClass().getClassLoader());
				assertThat(analysis.getDescription()).contains(
						"paracle.routes.fast.models.gemini: route 'fast' sets a model for 'gemini', which it does not list",
						"paracle.routes.openai: route 'openai' has the name of a provider configuration");
			});
	}

	@Test
	void aStreamFallsOverBeforeItsFirstChunkAndNeverAfterIt() {
		openai.stubFor(post(urlEqualTo(OPENAI_CHAT))
			.willReturn(aResponse().withStatus(429).withHeader("Retry-After", "30").withBody("{}")));
		anthropic.stubFor(post(urlEqualTo(ANTHROPIC_CHAT)).willReturn(aResponse().withStatus(200)
			.withHeader("Content-Type", "text/event-stream")
			.withBody(anthropicStream(true))));
		this.contextRunner.run((context) -> {
			try (ChatStream stream = route(context.getBean(LlmProviders.class)).stream("hello")) {
				StringBuilder text = new StringBuilder();
				stream.forEach((chunk) -> text.append(chunk.text()));
				assertThat(text).hasToString("from anthropic");
				assertThat(stream.provider()).isEqualTo("anthropic");
				assertThat(stream.keyFingerprint()).isEqualTo(Fingerprints.of(ANTHROPIC_KEY));
			}
			assertThat(chats(openai, OPENAI_CHAT)).isOne();
			assertThat(chats(anthropic, ANTHROPIC_CHAT)).isOne();
			assertThat(anthropic.findAll(postRequestedFor(urlEqualTo(ANTHROPIC_CHAT))).get(0).getBodyAsString())
				.contains("\"stream\":true", "claude-3-5-haiku-latest");
			assertThat(fallbacks(context.getBean(MeterRegistry.class), "rate_limited")).isEqualTo(1);
		});
	}

	@Test
	void anErrorAfterTheFirstChunkEndsTheStreamWithoutAskingTheNextMember() {
		openai.stubFor(post(urlEqualTo(OPENAI_CHAT)).willReturn(okJson(OPENAI_ANSWER)));
		anthropic.stubFor(post(urlEqualTo(ANTHROPIC_CHAT)).willReturn(aResponse().withStatus(200)
			.withHeader("Content-Type", "text/event-stream")
			.withBody(anthropicStream(false))));
		this.contextRunner.withPropertyValues("paracle.routes.fast.providers=anthropic,openai").run((context) -> {
			StringBuilder text = new StringBuilder();
			assertThatExceptionOfType(LlmProviderException.class).isThrownBy(() -> {
				try (ChatStream stream = route(context.getBean(LlmProviders.class)).stream("hello")) {
					stream.forEach((chunk) -> text.append(chunk.text()));
				}
			}).satisfies((ex) -> assertThat(ex.getPartialText()).isEqualTo("from "));
			assertThat(text).hasToString("from ");
			assertThat(chats(anthropic, ANTHROPIC_CHAT)).isOne();
			assertThat(chats(openai, OPENAI_CHAT)).isZero();
			assertThat(context.getBean(MeterRegistry.class).find("paracle.route.fallbacks").counters()).isEmpty();
		});
	}

	private static String anthropicStream(boolean complete) {
		String start = """
				event: message_start
				data: {"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant",\
				"content":[],"model":"claude-3-5-haiku-latest","usage":{"input_tokens":3,"output_tokens":1}}}

				event: content_block_delta
				data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"from "}}

				""";
		if (!complete) {
			return start + """
					event: error
					data: {"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}

					""";
		}
		return start + """
				event: content_block_delta
				data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"anthropic"}}

				event: message_delta
				data: {"type":"message_delta","delta":{"stop_reason":"end_turn"},"usage":{"output_tokens":2}}

				event: message_stop
				data: {"type":"message_stop"}

				""";
	}

	private static LlmProvider route(LlmProviders providers) {
		return providers.get("fast");
	}

	private static double fallbacks(MeterRegistry registry, String reason) {
		return registry.get("paracle.route.fallbacks")
			.tags("route", "fast", "from", "openai", "to", "anthropic", "reason", reason)
			.counter()
			.count();
	}

	private static int chats(WireMockServer server, String path) {
		return server.findAll(postRequestedFor(urlEqualTo(path))).size();
	}

	/**
	 * Key pools on the test's clock, so that cool-downs pass without sleeping.
	 */
	@Configuration(proxyBeanMethods = false)
	static class ClockConfiguration {

		@Bean
		KeyPools keyPools(ApiKeyResolver resolver, KeySelectionStrategy strategy,
				ObjectProvider<KeyPoolListener> listeners) {
			return new KeyPools(resolver, strategy, KeyPoolListener.composite(listeners.orderedStream().toList()),
					clock, KeyPools.limiters(clock, clock::advance));
		}

	}

	record Injected(@Qualifier("fast") LlmProvider route, LlmProvider single) {

	}

}
