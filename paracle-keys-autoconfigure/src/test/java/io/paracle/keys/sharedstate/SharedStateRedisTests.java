package io.paracle.keys.sharedstate;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.paracle.keys.autoconfigure.LlmProviderAutoConfiguration;
import io.paracle.keys.autoconfigure.ParacleKeysAutoConfiguration;
import io.paracle.keys.metrics.ApiCallMetricsAutoConfiguration;
import io.paracle.keys.metrics.ParacleKeyMetricsAutoConfiguration;
import io.paracle.keys.provider.BudgetExceededException;
import io.paracle.keys.provider.ChatResponse;
import io.paracle.keys.provider.RateLimitExceededException;
import io.paracle.keys.provider.client.OpenAiProvider;
import io.paracle.keys.resilience.KeyPoolListener;
import io.paracle.keys.resilience.KeyPools;
import io.paracle.keys.resilience.KeySelectionStrategy;
import io.paracle.keys.resilience.SharedKeyState;
import io.paracle.keys.resolve.ApiKeyResolver;
import io.paracle.keys.resolve.Fingerprints;
import io.paracle.keys.testsupport.FakeProviderServer;
import io.paracle.keys.testsupport.MutableClock;
import io.paracle.keys.testsupport.RedisServers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Three application contexts in one JVM, one real Redis and one fake provider server counting requests: the
 * replicas of a deployment acting as one (a shared request limit, cool-downs, rejections, re-reads and a token
 * budget), and the same contexts with {@code store: none} acting alone.
 */
class SharedStateRedisTests {

	private static final String CHAT = "/v1/chat/completions";

	private static final String A = "sk-shared-state-key-a-0001";

	private static final String B = "sk-shared-state-key-b-0002";

	private static final String C = "sk-shared-state-key-c-0003";

	/** An answer of 250 tokens (100 in, 150 out). */
	private static final String ANSWER = """
			{"id":"chatcmpl-1","object":"chat.completion","created":1,"model":"gpt-4o-mini",
			 "choices":[{"index":0,"message":{"role":"assistant","content":"ok"},"finish_reason":"stop"}],
			 "usage":{"prompt_tokens":100,"completion_tokens":150,"total_tokens":250}}""";

	/** The key pools' clock, shared by the three contexts; it starts now, as Redis's expiries do. */
	private static final MutableClock clock = new MutableClock(Instant.now());

	private final WireMockServer server = FakeProviderServer.reset();

	private final int redisPort = RedisServers.port();

	private final String prefix = RedisServers.uniquePrefix();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ParacleKeysAutoConfiguration.class, DataRedisAutoConfiguration.class,
				SharedStateAutoConfiguration.class, ApiCallMetricsAutoConfiguration.class,
				LlmProviderAutoConfiguration.class, ParacleKeyMetricsAutoConfiguration.class,
				MetricsAutoConfiguration.class))
		.withBean(SimpleMeterRegistry.class)
		.withUserConfiguration(ClockKeyPoolsConfiguration.class)
		.withPropertyValues("paracle.providers.openai.base-url=" + FakeProviderServer.baseUrl() + "/v1",
				"paracle.providers.openai.max-retries=0", "spring.data.redis.host=127.0.0.1",
				"spring.data.redis.port=" + this.redisPort, "paracle.shared-state.key-prefix=" + this.prefix,
				"paracle.shared-state.timeout=2s");

	@AfterEach
	void cleanRedis() {
		RedisServers.clean(this.redisPort, this.prefix);
	}

	@Test
	void aSharedLimitOfSixtyAdmitsSixtyOfOneHundredEightyCallsAcrossThreeContexts() {
		answer(A, okJson(ANSWER));
		String[] limit = { "paracle.shared-state.store=redis", "paracle.providers.openai.api-key=" + A,
				"paracle.providers.openai.rate-limit.requests-per-minute=60",
				"paracle.providers.openai.rate-limit.max-wait=0" };
		threeContexts(limit, (contexts) -> {
			int[] outcomes = callsSpreadOver(contexts, 180);
			assertThat(outcomes[0]).as("admitted").isEqualTo(60);
			assertThat(outcomes[1]).as("refused by the shared limit").isEqualTo(120);
		});
		assertThat(requestsWith(A)).as("calls that reached the provider within the minute").isEqualTo(60);
	}

	@Test
	void withoutASharedStoreEachContextAdmitsItsOwnSixty() {
		answer(A, okJson(ANSWER));
		String[] limit = { "paracle.shared-state.store=none", "paracle.providers.openai.api-key=" + A,
				"paracle.providers.openai.rate-limit.requests-per-minute=60",
				"paracle.providers.openai.rate-limit.max-wait=0" };
		threeContexts(limit, (contexts) -> {
			int[] outcomes = callsSpreadOver(contexts, 180);
			assertThat(outcomes[0]).as("admitted").isEqualTo(180);
		});
		assertThat(requestsWith(A)).isEqualTo(180);
	}

	@Test
	void aKeyCooledDownByA429OnOneContextIsNotSentByTheOthersUntilItsRetryAfter() {
		answer(A, aResponse().withStatus(429).withHeader("Retry-After", "30").withBody("{}"));
		answer(B, okJson(ANSWER));
		threeContexts(redisWithKeys(A + "," + B), (contexts) -> {
			for (int call = 0; call < 2; call++) {
				assertThat(provider(contexts[0]).chat("hello").keyFingerprint()).isEqualTo(Fingerprints.of(B));
			}
			assertThat(requestsWith(A)).as("context 1 met the 429").isEqualTo(1);
			for (int call = 0; call < 10; call++) {
				assertThat(provider(contexts[1]).chat("hello").keyFingerprint()).isEqualTo(Fingerprints.of(B));
				assertThat(provider(contexts[2]).chat("hello").keyFingerprint()).isEqualTo(Fingerprints.of(B));
			}
			assertThat(requestsWith(A)).as("contexts 2 and 3 within the 30 s").isEqualTo(1);
			clock.advance(Duration.ofSeconds(29));
			provider(contexts[1]).chat("hello");
			provider(contexts[2]).chat("hello");
			assertThat(requestsWith(A)).as("still within the Retry-After").isEqualTo(1);
			clock.advance(Duration.ofSeconds(2));
			provider(contexts[1]).chat("hello");
			provider(contexts[1]).chat("hello");
			assertThat(requestsWith(A)).as("context 2 sends A again after the Retry-After").isEqualTo(2);
		});
	}

	@Test
	void aKeyRevokedOnOneContextIsNotSentByTheOthers() {
		answer(A, okJson(ANSWER));
		answer(B, aResponse().withStatus(401)
			.withBody("{\"error\":{\"message\":\"Incorrect API key\",\"type\":\"invalid_request_error\","
					+ "\"code\":\"invalid_api_key\"}}"));
		threeContexts(redisWithKeys(A + "," + B), (contexts) -> {
			for (int call = 0; call < 2; call++) {
				assertThat(provider(contexts[1]).chat("hello").keyFingerprint()).isEqualTo(Fingerprints.of(A));
			}
			assertThat(requestsWith(B)).as("context 2 met the 401").isEqualTo(1);
			for (int call = 0; call < 10; call++) {
				assertThat(provider(contexts[0]).chat("hello").keyFingerprint()).isEqualTo(Fingerprints.of(A));
				assertThat(provider(contexts[2]).chat("hello").keyFingerprint()).isEqualTo(Fingerprints.of(A));
			}
			assertThat(requestsWith(B)).as("no other context sends B").isEqualTo(1);
		});
	}

	@Test
	void aRotationFoundByOneContextAfterA401IsUsedByTheOthersOnTheirNextCall(@TempDir Path dir) throws Exception {
		Path keyFile = dir.resolve("openai-key");
		Files.writeString(keyFile, B);
		answer(B, aResponse().withStatus(401)
			.withBody("{\"error\":{\"message\":\"Incorrect API key\",\"code\":\"invalid_api_key\"}}"));
		answer(C, okJson(ANSWER));
		String[] properties = { "paracle.shared-state.store=redis", "paracle.providers.openai.api-key-file=" + keyFile,
				"paracle.secrets.refresh-interval=1h" };
		threeContexts(properties, (contexts) -> {
			Files.writeString(keyFile, C);
			ChatResponse response = provider(contexts[1]).chat("hello");
			assertThat(response.keyFingerprint()).isEqualTo(Fingerprints.of(C));
			for (AssertableApplicationContext other : List.of(contexts[0], contexts[2])) {
				await().atMost(Duration.ofSeconds(10))
					.untilAsserted(() -> assertThat(other.getBean(ApiKeyResolver.class).keys("openai").primary())
						.extracting((key) -> key.fingerprint())
						.isEqualTo(Fingerprints.of(C)));
				assertThat(provider(other).chat("hello").keyFingerprint()).isEqualTo(Fingerprints.of(C));
			}
			assertThat(requestsWith(B)).as("only context 2 sent the revoked key").isEqualTo(1);
			assertThat(requestsWith(C)).isEqualTo(3);
		});
	}

	@Test
	void aDailyTokenBudgetSharedByThreeContextsFailsTheCallAfterItIsUsedUpOnEveryContext() {
		answer(A, okJson(ANSWER));
		String[] budget = { "paracle.shared-state.store=redis", "paracle.providers.openai.api-key=" + A,
				"paracle.providers.openai.budget.tokens-per-day=1000" };
		threeContexts(budget, (contexts) -> {
			for (int call = 0; call < 4; call++) {
				provider(contexts[call % 3]).chat("hello");
			}
			Instant tomorrow = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC)
				.plusDays(1)
				.atStartOfDay()
				.toInstant(ZoneOffset.UTC);
			for (AssertableApplicationContext context : List.of(contexts[1], contexts[2], contexts[0])) {
				assertThatExceptionOfType(BudgetExceededException.class)
					.isThrownBy(() -> provider(context).chat("hello"))
					.withMessage("Token budget of provider 'openai' used up: 1000 of 1000 tokens-per-day "
							+ "(paracle.providers.openai.budget.tokens-per-day); the call was not sent, the budget "
							+ "resets at " + tomorrow + ".")
					.satisfies((ex) -> assertThat(ex.getResetsAt()).isEqualTo(tomorrow));
				assertThat(context.getBean(MeterRegistry.class)
					.get("paracle.budget.remaining")
					.tags("provider", "openai", "budget", "tokens-per-day")
					.gauge()
					.value()).isZero();
			}
		});
		assertThat(requestsWith(A)).as("4 answers of 250 tokens").isEqualTo(4);
	}

	@Test
	void redisHoldsFingerprintsOnlyNeverAKey() {
		answer(A, aResponse().withStatus(429).withHeader("Retry-After", "30").withBody("{}"));
		answer(B, aResponse().withStatus(401).withBody("{\"error\":{\"code\":\"invalid_api_key\"}}"));
		answer(C, okJson(ANSWER));
		String[] properties = { "paracle.shared-state.store=redis",
				"paracle.providers.openai.api-keys=" + A + "," + B + "," + C,
				"paracle.providers.openai.rate-limit.requests-per-minute=100",
				"paracle.providers.openai.budget.tokens-per-month=100000" };
		this.runner.withPropertyValues(properties).run((context) -> {
			for (int call = 0; call < 3; call++) {
				provider(context).chat("hello");
			}
		});
		List<String> entries = RedisServers.entries(this.redisPort, this.prefix);
		assertThat(entries).anySatisfy((entry) -> assertThat(entry).startsWith(
				this.prefix + "{openai}:cooldown:" + Fingerprints.of(A) + "="));
		assertThat(entries).anySatisfy((entry) -> assertThat(entry)
			.isEqualTo(this.prefix + "{openai}:rejected:" + Fingerprints.of(B) + "=401"));
		assertThat(entries).anySatisfy((entry) -> assertThat(entry).startsWith(this.prefix + "{openai}:requests="));
		assertThat(entries).anySatisfy((entry) -> assertThat(entry).matches(
				java.util.regex.Pattern.quote(this.prefix + "{openai}:budget:tokens-per-month:") + "\\d{4}-\\d{2}=750"));
		assertThat(String.join("\n", entries)).doesNotContain(A, B, C, "sk-shared-state");
	}

	private String[] redisWithKeys(String keys) {
		return new String[] { "paracle.shared-state.store=redis", "paracle.providers.openai.api-keys=" + keys };
	}

	/**
	 * Run three contexts of the same application at once.
	 */
	private void threeContexts(String[] properties, ThrowingConsumer<AssertableApplicationContext[]> test) {
		ApplicationContextRunner configured = this.runner.withPropertyValues(properties);
		configured.run((first) -> configured.run((second) -> configured.run((third) -> {
			assertThat(first).hasNotFailed();
			test.accept(new AssertableApplicationContext[] { first, second, third });
		})));
	}

	/**
	 * Spread calls over the contexts in turn.
	 * @return admitted and refused calls
	 */
	private static int[] callsSpreadOver(AssertableApplicationContext[] contexts, int calls) {
		int[] outcomes = new int[2];
		for (int call = 0; call < calls; call++) {
			try {
				provider(contexts[call % contexts.length]).chat("hello");
				outcomes[0]++;
			}
			catch (RateLimitExceededException ex) {
				outcomes[1]++;
			}
		}
		return outcomes;
	}

	private static OpenAiProvider provider(AssertableApplicationContext context) {
		return context.getBean(OpenAiProvider.class);
	}

	private void answer(String key, com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder response) {
		this.server.stubFor(post(urlEqualTo(CHAT)).withHeader("Authorization", equalTo("Bearer " + key))
			.willReturn(response));
	}

	private int requestsWith(String key) {
		return this.server
			.findAll(postRequestedFor(urlEqualTo(CHAT)).withHeader("Authorization", equalTo("Bearer " + key)))
			.size();
	}

	interface ThrowingConsumer<T> {

		void accept(T value) throws Exception;

	}

	/**
	 * Key pools on the shared test clock, with the shared state of the context.
	 */
	@Configuration(proxyBeanMethods = false)
	static class ClockKeyPoolsConfiguration {

		@Bean
		KeyPools keyPools(ApiKeyResolver resolver, KeySelectionStrategy strategy,
				ObjectProvider<KeyPoolListener> listeners, ObjectProvider<SharedKeyState> sharedState) {
			return new KeyPools(resolver, strategy, KeyPoolListener.composite(listeners.orderedStream().toList()),
					clock, KeyPools.limiters(clock, clock::advance), sharedState.getIfUnique(() -> SharedKeyState.LOCAL));
		}

	}

}
