package io.paracle.keys.resilience;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.paracle.keys.autoconfigure.LlmProviderAutoConfiguration;
import io.paracle.keys.autoconfigure.ParacleKeysAutoConfiguration;
import io.paracle.keys.metrics.ApiCallMetricsAutoConfiguration;
import io.paracle.keys.provider.ChatRequest;
import io.paracle.keys.provider.ChatResponse;
import io.paracle.keys.provider.InvalidApiKeyException;
import io.paracle.keys.provider.ProviderRequestException;
import io.paracle.keys.provider.ProviderUnavailableException;
import io.paracle.keys.provider.RateLimitExceededException;
import io.paracle.keys.provider.client.OpenAiProvider;
import io.paracle.keys.resolve.Fingerprints;
import io.paracle.keys.testsupport.FakeProviderServer;
import io.paracle.keys.testsupport.MutableClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationListener;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static io.paracle.keys.resilience.ChatStubs.answer;
import static io.paracle.keys.resilience.ChatStubs.requestsWith;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Calls that survive 429s and bad keys: several keys in turn, cool-downs on Retry-After, rejected keys, the
 * client-side rate limit, retries, and the providers' rate limit headers. Time is a controllable clock.
 */
class ResilienceTests {

	private static final String CHAT = "/v1/chat/completions";

	private static final String A = "sk-resilience-key-a-0001";

	private static final String B = "sk-resilience-key-b-0002";

	private static final String C = "sk-resilience-key-c-0003";

	private static final String ANSWER = """
			{"id":"chatcmpl-1","object":"chat.completion","created":1,"model":"gpt-4o-mini",
			 "choices":[{"index":0,"message":{"role":"assistant","content":"ok"},"finish_reason":"stop"}],
			 "usage":{"prompt_tokens":2,"completion_tokens":1,"total_tokens":3}}""";

	static final MutableClock clock = new MutableClock(Instant.parse("2026-11-27T10:00:00Z"));

	private final WireMockServer server = FakeProviderServer.reset();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ParacleKeysAutoConfiguration.class,
				ApiCallMetricsAutoConfiguration.class, LlmProviderAutoConfiguration.class))
		.withBean(SimpleMeterRegistry.class)
		.withUserConfiguration(ChatStubs.ClockKeyPoolsConfiguration.class)
		.withBean(ChatStubs.PoolClock.class, () -> new ChatStubs.PoolClock(clock))
		.withPropertyValues("paracle.providers.openai.base-url=" + FakeProviderServer.baseUrl() + "/v1",
				"paracle.providers.openai.retry-backoff=5ms");

	@BeforeEach
	void resetClock() {
		clock.advance(Duration.ofDays(1));
	}

	@Test
	void eightThreadsSucceedOnKeyBWhileKeyACoolsDownForItsRetryAfter() throws Exception {
		answer(this.server, A, aResponse().withStatus(429).withHeader("Retry-After", "30").withBody("{}"));
		answer(this.server, B, okJson(ANSWER));
		this.contextRunner.withPropertyValues("paracle.providers.openai.api-keys=" + A + "," + B).run((context) -> {
			OpenAiProvider openai = context.getBean(OpenAiProvider.class);
			ExecutorService threads = Executors.newFixedThreadPool(8);
			List<Future<Integer>> results = new ArrayList<>();
			for (int thread = 0; thread < 8; thread++) {
				results.add(threads.submit(() -> {
					int ok = 0;
					for (int call = 0; call < 200; call++) {
						ChatResponse response = openai.chat("hello");
						assertThat(response.keyFingerprint()).isEqualTo(Fingerprints.of(B));
						ok++;
					}
					return ok;
				}));
			}
			int succeeded = 0;
			for (Future<Integer> result : results) {
				succeeded += result.get(120, TimeUnit.SECONDS);
			}
			threads.shutdown();
			assertThat(succeeded).isEqualTo(1600);
			int hitsOfA = requestsWith(this.server, A);
			assertThat(hitsOfA).as("A is only hit by calls in flight before its first 429").isBetween(1, 8);
			assertThat(requestsWith(this.server, B)).isEqualTo(1600);
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			assertThat(registry.get("paracle.keys.cooldowns").tag("fingerprint", Fingerprints.of(A)).counter().count())
				.isEqualTo(hitsOfA);

			clock.advance(Duration.ofSeconds(29));
			for (int call = 0; call < 10; call++) {
				openai.chat("hello");
			}
			assertThat(requestsWith(this.server, A)).as("still cooling before its Retry-After").isEqualTo(hitsOfA);
			clock.advance(Duration.ofSeconds(1));
			for (int call = 0; call < 10; call++) {
				openai.chat("hello");
			}
			assertThat(requestsWith(this.server, A)).as("used again once its Retry-After has passed").isEqualTo(hitsOfA + 1);
		});
	}

	@Test
	void oneRevokedKeyAmongThreeIsHitOnceAndEveryCallSucceeds() {
		answer(this.server, A, okJson(ANSWER));
		answer(this.server, B, aResponse().withStatus(401).withBody("{\"error\":{\"message\":\"Incorrect API key\"}}"));
		answer(this.server, C, okJson(ANSWER));
		List<ApiKeyRejectedEvent> rejections = new ArrayList<>();
		this.contextRunner.withPropertyValues("paracle.providers.openai.api-keys=" + A + "," + B + "," + C)
			.withBean(ApplicationListener.class,
					() -> (ApplicationListener<ApiKeyRejectedEvent>) rejections::add)
			.run((context) -> {
				OpenAiProvider openai = context.getBean(OpenAiProvider.class);
				for (int call = 0; call < 30; call++) {
					assertThat(openai.chat("hello").text()).isEqualTo("ok");
				}
				assertThat(requestsWith(this.server, B)).isOne();
				assertThat(requestsWith(this.server, A) + requestsWith(this.server, C)).isEqualTo(30);
				assertThat(context.getBean(MeterRegistry.class)
					.get("paracle.keys.rejections")
					.tag("fingerprint", Fingerprints.of(B))
					.counter()
					.count()).isOne();
				assertThat(rejections).singleElement().satisfies((event) -> {
					assertThat(event.getFingerprint()).isEqualTo(Fingerprints.of(B));
					assertThat(event.getStatus()).isEqualTo(401);
				});
			});
	}

	@Test
	void everyKeyRejectedGivesInvalidApiKeyException() {
		answer(this.server, A, aResponse().withStatus(401).withBody("{}"));
		// a 403 whose body says the key is bad (other 403s are request errors, see KeyRecoveryTests)
		answer(this.server, B, aResponse().withStatus(403).withBody("{\"error\":{\"code\":\"invalid_api_key\"}}"));
		this.contextRunner.withPropertyValues("paracle.providers.openai.api-keys=" + A + "," + B).run((context) -> {
			OpenAiProvider openai = context.getBean(OpenAiProvider.class);
			assertThatExceptionOfType(InvalidApiKeyException.class).isThrownBy(() -> openai.chat("hello"))
				.withMessageContaining("refused every key of provider 'openai' [" + Fingerprints.of(A) + ", "
						+ Fingerprints.of(B) + "]: invalid API key")
				.withMessageNotContaining(A);
			assertThatExceptionOfType(InvalidApiKeyException.class).isThrownBy(() -> openai.chat("hello"));
			assertThat(requestsWith(this.server, A) + requestsWith(this.server, B)).as("rejected keys stay out").isEqualTo(2);
		});
	}

	@Test
	void everyKeyCoolingGivesRateLimitExceededWithTheEarliestFreeTime() {
		answer(this.server, A, aResponse().withStatus(429).withHeader("Retry-After", "20").withBody("{}"));
		answer(this.server, B, aResponse().withStatus(429).withHeader("Retry-After", "10").withBody("{}"));
		this.contextRunner.withPropertyValues("paracle.providers.openai.api-keys=" + A + "," + B).run((context) -> {
			Instant now = clock.instant();
			assertThatExceptionOfType(RateLimitExceededException.class)
				.isThrownBy(() -> context.getBean(OpenAiProvider.class).chat("hello"))
				.satisfies((ex) -> {
					assertThat(ex.getRetryAt()).isEqualTo(now.plusSeconds(10));
					assertThat(ex.getRetryAfter()).isEqualTo(Duration.ofSeconds(10));
					assertThat(ex.getMessage()).contains("rate limit exceeded").contains("every key is cooling down");
				});
		});
	}

	@Test
	void burstOfOneHundredWithSixtyPerMinuteAdmitsSixtyAndFailsTheRestWithinMaxWait() {
		answer(this.server, A, okJson(ANSWER));
		this.contextRunner
			.withPropertyValues("paracle.providers.openai.api-key=" + A,
					"paracle.providers.openai.rate-limit.requests-per-minute=60",
					"paracle.providers.openai.rate-limit.max-wait=2s")
			.run((context) -> {
				OpenAiProvider openai = context.getBean(OpenAiProvider.class);
				int admitted = 0;
				List<RateLimitExceededException> refused = new ArrayList<>();
				for (int call = 0; call < 100; call++) {
					try {
						openai.chat("hello");
						admitted++;
					}
					catch (RateLimitExceededException ex) {
						refused.add(ex);
					}
				}
				assertThat(admitted).isEqualTo(60);
				assertThat(refused).hasSize(40).allSatisfy((ex) -> assertThat(ex.getMessage())
					.startsWith("Client-side rate limit exceeded for provider 'openai': no permit within 2000 ms"));
				assertThat(requestsWith(this.server, A)).isEqualTo(60);
				assertThat(context.getBean(MeterRegistry.class)
					.get("paracle.ratelimit.wait")
					.tag("admitted", "false")
					.timer()
					.count()).isEqualTo(40);
				clock.advance(Duration.ofMinutes(1));
				assertThat(openai.chat("hello").text()).isEqualTo("ok");
			});
	}

	@Test
	void callsWaitForTheNextWindowWhenMaxWaitAllowsIt() {
		answer(this.server, A, okJson(ANSWER));
		this.contextRunner
			.withPropertyValues("paracle.providers.openai.api-key=" + A,
					"paracle.providers.openai.rate-limit.requests-per-minute=60",
					"paracle.providers.openai.rate-limit.max-wait=90s")
			.run((context) -> {
				OpenAiProvider openai = context.getBean(OpenAiProvider.class);
				Instant start = clock.instant();
				for (int call = 0; call < 100; call++) {
					openai.chat("hello");
				}
				assertThat(requestsWith(this.server, A)).isEqualTo(100);
				assertThat(Duration.between(start, clock.instant())).isEqualTo(Duration.ofMinutes(1));
				assertThat(context.getBean(MeterRegistry.class)
					.get("paracle.ratelimit.wait")
					.tag("admitted", "true")
					.timer()
					.max(TimeUnit.SECONDS)).isEqualTo(60);
			});
	}

	@Test
	void serverErrorsAreRetriedWithBackoffAndEveryAttemptIsCounted() {
		this.server.stubFor(post(urlEqualTo(CHAT)).inScenario("flaky")
			.whenScenarioStateIs(Scenario.STARTED)
			.willReturn(aResponse().withStatus(500).withBody("{}"))
			.willSetStateTo("second"));
		this.server.stubFor(post(urlEqualTo(CHAT)).inScenario("flaky")
			.whenScenarioStateIs("second")
			.willReturn(aResponse().withStatus(503).withBody("{}"))
			.willSetStateTo("third"));
		this.server.stubFor(post(urlEqualTo(CHAT)).inScenario("flaky")
			.whenScenarioStateIs("third")
			.willReturn(okJson(ANSWER)));
		this.contextRunner.withPropertyValues("paracle.providers.openai.api-key=" + A).run((context) -> {
			assertThat(context.getBean(OpenAiProvider.class).chat("hello").text()).isEqualTo("ok");
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			assertThat(registry.get("api.calls").tag("outcome", "server_error").tag("status", "500").counter().count())
				.isOne();
			assertThat(registry.get("api.calls").tag("outcome", "server_error").tag("status", "503").counter().count())
				.isOne();
			assertThat(registry.get("api.calls").tag("outcome", "success").counter().count()).isOne();
		});
	}

	@Test
	void retriesAreBoundedByMaxRetriesAndTimeoutsAreRetried() {
		answer(this.server, A, okJson(ANSWER).withFixedDelay(1000));
		this.contextRunner
			.withPropertyValues("paracle.providers.openai.api-key=" + A, "paracle.providers.openai.max-retries=1",
					"paracle.providers.openai.timeout=150ms")
			.run((context) -> {
				assertThatExceptionOfType(ProviderUnavailableException.class)
					.isThrownBy(() -> context.getBean(OpenAiProvider.class).chat("hello"));
				// WireMock journals a request when its (delayed) answer is written, after the client gave up on it
				await().atMost(Duration.ofSeconds(5))
					.untilAsserted(() -> assertThat(requestsWith(this.server, A)).isEqualTo(2));
				assertThat(context.getBean(MeterRegistry.class).get("api.calls").tag("outcome", "io_error").counter()
					.count()).isEqualTo(2);
			});
	}

	@Test
	void badRequestsAreNeverRetried() {
		answer(this.server, A, aResponse().withStatus(400).withBody("{\"error\":{\"message\":\"bad model\"}}"));
		this.contextRunner.withPropertyValues("paracle.providers.openai.api-key=" + A).run((context) -> {
			assertThatExceptionOfType(ProviderRequestException.class)
				.isThrownBy(() -> context.getBean(OpenAiProvider.class).chat("hello"));
			assertThat(requestsWith(this.server, A)).isOne();
		});
	}

	@Test
	void keyWithNothingLeftCoolsDownBeforeA429() {
		answer(this.server, A, okJson(ANSWER).withHeader("x-ratelimit-remaining-requests", "0")
			.withHeader("x-ratelimit-reset-requests", "20s")
			.withHeader("x-ratelimit-remaining-tokens", "1234"));
		answer(this.server, B, okJson(ANSWER));
		this.contextRunner.withPropertyValues("paracle.providers.openai.api-keys=" + A + "," + B).run((context) -> {
			OpenAiProvider openai = context.getBean(OpenAiProvider.class);
			for (int call = 0; call < 10; call++) {
				openai.chat("hello");
			}
			assertThat(requestsWith(this.server, A)).isOne();
			assertThat(requestsWith(this.server, B)).isEqualTo(9);
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			assertThat(registry.get("paracle.keys.ratelimit.remaining").tag("fingerprint", Fingerprints.of(A))
				.tag("limit", "requests").gauge().value()).isZero();
			assertThat(registry.get("paracle.keys.ratelimit.remaining").tag("fingerprint", Fingerprints.of(A))
				.tag("limit", "tokens").gauge().value()).isEqualTo(1234);
			clock.advance(Duration.ofSeconds(20));
			openai.chat("hello");
			openai.chat("hello");
			assertThat(requestsWith(this.server, A)).isEqualTo(2);
		});
	}

	@Test
	void customStrategyPicksTheKeyPerCall() {
		answer(this.server, A, okJson(ANSWER));
		answer(this.server, B, okJson(ANSWER));
		ThreadLocal<String> tenant = new ThreadLocal<>();
		this.contextRunner.withPropertyValues("paracle.providers.openai.api-keys=" + A + "," + B)
			.withBean(KeySelectionStrategy.class, () -> (provider, available) -> available.stream()
				.filter((key) -> key.fingerprint().equals(Fingerprints.of("tenant-b".equals(tenant.get()) ? B : A)))
				.findFirst()
				.orElse(available.get(0)))
			.run((context) -> {
				OpenAiProvider openai = context.getBean(OpenAiProvider.class);
				tenant.set("tenant-b");
				assertThat(openai.chat("hello").keyFingerprint()).isEqualTo(Fingerprints.of(B));
				tenant.set("tenant-a");
				assertThat(openai.chat("hello").keyFingerprint()).isEqualTo(Fingerprints.of(A));
			});
	}

	@Test
	void refusedPerCallKeyFailsThatCallOnlyAndLeavesTheConfiguredKeysAlone() {
		answer(this.server, A, okJson(ANSWER));
		answer(this.server, C, aResponse().withStatus(401).withBody("{}"));
		this.contextRunner.withPropertyValues("paracle.providers.openai.api-key=" + A).run((context) -> {
			OpenAiProvider openai = context.getBean(OpenAiProvider.class);
			assertThatExceptionOfType(InvalidApiKeyException.class)
				.isThrownBy(() -> openai.chat(ChatRequest.builder().user("hello").apiKey(C).build()))
				.withMessageNotContaining(C);
			assertThat(openai.chat("hello").keyFingerprint()).isEqualTo(Fingerprints.of(A));
			assertThat(context.getBean(KeyPools.class).pool("openai").allRejected()).isFalse();
		});
	}

}
