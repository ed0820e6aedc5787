package io.paracle.keys.sharedstate;

import java.net.SocketAddress;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.lettuce.core.metrics.CommandLatencyRecorder;
import io.lettuce.core.protocol.ProtocolKeyword;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.paracle.keys.autoconfigure.LlmProviderAutoConfiguration;
import io.paracle.keys.autoconfigure.ParacleKeysAutoConfiguration;
import io.paracle.keys.metrics.ApiCallMetricsAutoConfiguration;
import io.paracle.keys.metrics.ParacleKeyMetricsAutoConfiguration;
import io.paracle.keys.provider.client.OpenAiProvider;
import io.paracle.keys.resilience.ClientRateLimiter;
import io.paracle.keys.resilience.SharedKeyState;
import io.paracle.keys.testsupport.FakeProviderServer;
import io.paracle.keys.testsupport.RedisServers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.ClientResourcesBuilderCustomizer;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What a call costs in Redis, counted by Lettuce itself (a {@link CommandLatencyRecorder} hears every command
 * the application's Redis client completes): one command per call for the key state and a shared request limit,
 * and with a budget one more after the answer, its token count; and the request limit's window as the script computes
 * it, waits included.
 */
class SharedStateRoundTripTests {

	private static final String CHAT = "/v1/chat/completions";

	private static final String KEY = "sk-round-trip-key-0001";

	private static final String OTHER_KEY = "sk-round-trip-key-0002";

	/** An answer of 250 tokens. */
	private static final String ANSWER = """
			{"id":"chatcmpl-1","object":"chat.completion","created":1,"model":"gpt-4o-mini",
			 "choices":[{"index":0,"message":{"role":"assistant","content":"ok"},"finish_reason":"stop"}],
			 "usage":{"prompt_tokens":100,"completion_tokens":150,"total_tokens":250}}""";

	private final WireMockServer server = FakeProviderServer.reset();

	private final int redisPort = RedisServers.port();

	private final String prefix = RedisServers.uniquePrefix();

	private final List<String> commands = new CopyOnWriteArrayList<>();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ParacleKeysAutoConfiguration.class, DataRedisAutoConfiguration.class,
				SharedStateAutoConfiguration.class, ApiCallMetricsAutoConfiguration.class,
				LlmProviderAutoConfiguration.class, ParacleKeyMetricsAutoConfiguration.class,
				MetricsAutoConfiguration.class))
		.withBean(SimpleMeterRegistry.class)
		.withBean(ClientResourcesBuilderCustomizer.class,
				() -> (builder) -> builder.commandLatencyRecorder(new CommandCounter(this.commands)))
		.withPropertyValues("paracle.providers.openai.base-url=" + FakeProviderServer.baseUrl() + "/v1",
				"paracle.providers.openai.max-retries=0", "spring.data.redis.host=127.0.0.1",
				"spring.data.redis.port=" + this.redisPort, "paracle.shared-state.key-prefix=" + this.prefix,
				"paracle.shared-state.timeout=2s", "paracle.shared-state.store=redis",
				"paracle.providers.openai.api-keys=" + KEY + "," + OTHER_KEY);

	@AfterEach
	void cleanRedis() {
		RedisServers.clean(this.redisPort, this.prefix);
	}

	@Test
	void aCallWithASharedLimitReadsKeyStateAndTakesItsPermitInOneCommand() {
		this.server.stubFor(post(urlEqualTo(CHAT)).willReturn(okJson(ANSWER)));
		this.runner.withPropertyValues("paracle.providers.openai.rate-limit.requests-per-minute=100")
			.run((context) -> {
				OpenAiProvider provider = context.getBean(OpenAiProvider.class);
				provider.chat("warm up: the connection opens, Redis loads the script");
				await().untilAsserted(() -> assertThat(this.commands).isNotEmpty());
				this.commands.clear();
				for (int call = 0; call < 10; call++) {
					provider.chat("hello");
				}
				await().during(Duration.ofMillis(200))
					.untilAsserted(() -> assertThat(this.commands).hasSize(10));
				assertThat(this.commands).containsOnly("EVALSHA");
			});
		assertThat(this.server.findAll(postRequestedFor(urlEqualTo(CHAT)))).hasSize(11);
	}

	@Test
	void aCallWithABudgetTooMakesOneRoundTripBeforeItIsSentAndOneAfterItsAnswer() {
		this.server.stubFor(post(urlEqualTo(CHAT)).willReturn(okJson(ANSWER)));
		this.runner
			.withPropertyValues("paracle.providers.openai.rate-limit.requests-per-minute=100",
					"paracle.providers.openai.budget.tokens-per-day=1000000")
			.run((context) -> {
				OpenAiProvider provider = context.getBean(OpenAiProvider.class);
				provider.chat("warm up");
				await().untilAsserted(() -> assertThat(this.commands).hasSizeGreaterThanOrEqualTo(2));
				this.commands.clear();
				for (int call = 0; call < 10; call++) {
					provider.chat("hello");
				}
				// per call: the admission before it, the token count after its answer
				await().during(Duration.ofMillis(200))
					.untilAsserted(() -> assertThat(this.commands).hasSize(20));
				assertThat(this.commands).containsOnly("EVALSHA");
			});
		String day = LocalDate.now(ZoneOffset.UTC).toString();
		assertThat(RedisServers.entries(this.redisPort, this.prefix))
			.contains(this.prefix + "{openai}:budget:tokens-per-day:" + day + "=" + (11 * 250));
	}

	@Test
	void aPermitBeyondTheWindowIsReservedWithItsWaitAndARefusalTakesNone() {
		this.runner.run((context) -> {
			SharedKeyState sharedState = context.getBean(SharedKeyState.class);
			ClientRateLimiter limiter = ClientRateLimiter.of(2, Duration.ofSeconds(90));
			List<Duration> permits = new java.util.ArrayList<>();
			for (int call = 0; call < 6; call++) {
				SharedKeyState.Admission admission = sharedState.admit("openai", Collections.emptyList(), limiter,
						null);
				assertThat(admission).isNotNull();
				permits.add(admission.permit());
			}
			assertThat(permits.subList(0, 2)).containsOnly(Duration.ZERO);
			// the next window's two permits, reserved: wait for the window to end
			assertThat(permits.subList(2, 4)).allSatisfy((wait) -> assertThat(wait)
				.isBetween(Duration.ofSeconds(50), Duration.ofSeconds(60)));
			// two windows ahead is beyond max-wait: refused, and nothing taken
			assertThat(permits.subList(4, 6)).containsOnly(SharedKeyState.NO_PERMIT);
			assertThat(RedisServers.entries(this.redisPort, this.prefix))
				.anySatisfy((entry) -> assertThat(entry).matches(
						java.util.regex.Pattern.quote(this.prefix + "{openai}:requests=") + "\\d{13}:4"));
		});
	}

	/**
	 * Hears every command the Redis client completes.
	 */
	private record CommandCounter(List<String> commands) implements CommandLatencyRecorder {

		@Override
		public void recordCommandLatency(SocketAddress local, SocketAddress remote, ProtocolKeyword commandType,
				long firstResponseLatency, long completionLatency) {
			this.commands.add(commandType.toString());
		}

	}

}
