package io.paracle.keys.sharedstate;

import java.time.Duration;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.paracle.keys.actuate.ParacleActuatorAutoConfiguration;
import io.paracle.keys.autoconfigure.LlmProviderAutoConfiguration;
import io.paracle.keys.autoconfigure.ParacleKeysAutoConfiguration;
import io.paracle.keys.metrics.ApiCallMetricsAutoConfiguration;
import io.paracle.keys.provider.client.OpenAiProvider;
import io.paracle.keys.testsupport.FakeProviderServer;
import io.paracle.keys.testsupport.RedisServers;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Redis stopped in the middle of a run (a {@code redis-server} of the test's own, killed and started again): no
 * call fails, health and the fallback counter show it, one WARN for the outage, and the replica rejoins when Redis
 * is back.
 */
@ExtendWith(OutputCaptureExtension.class)
class SharedStateOutageTests {

	private static final String KEY = "sk-shared-state-outage-0001";

	private static final String ANSWER = """
			{"id":"chatcmpl-1","object":"chat.completion","created":1,"model":"gpt-4o-mini",
			 "choices":[{"index":0,"message":{"role":"assistant","content":"ok"},"finish_reason":"stop"}],
			 "usage":{"prompt_tokens":2,"completion_tokens":1,"total_tokens":3}}""";

	private final WireMockServer server = FakeProviderServer.reset();

	private final RedisServers.OwnRedis redis = RedisServers.start();

	private final String prefix = RedisServers.uniquePrefix();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ParacleKeysAutoConfiguration.class, DataRedisAutoConfiguration.class,
				SharedStateAutoConfiguration.class, ApiCallMetricsAutoConfiguration.class,
				LlmProviderAutoConfiguration.class, MetricsAutoConfiguration.class,
				ParacleActuatorAutoConfiguration.class))
		.withBean(SimpleMeterRegistry.class)
		.withPropertyValues("paracle.providers.openai.base-url=" + FakeProviderServer.baseUrl() + "/v1",
				"paracle.providers.openai.api-key=" + KEY, "paracle.providers.openai.max-retries=0",
				"paracle.providers.openai.rate-limit.requests-per-minute=1000",
				"paracle.providers.openai.budget.tokens-per-day=1000000", "paracle.shared-state.store=redis",
				"paracle.shared-state.retry-interval=200ms", "paracle.shared-state.key-prefix=" + this.prefix,
				// a stopped Redis refuses at once; the timeout only has to outlast a loaded CI machine
				"paracle.shared-state.timeout=1s",
				"spring.data.redis.host=127.0.0.1", "spring.data.redis.port=" + this.redis.port());

	@AfterEach
	void stopRedis() {
		this.redis.stop();
	}

	@Test
	void noCallFailsWhileRedisIsDownHealthShowsItAndTheReplicaRejoinsWhenItIsBack(CapturedOutput output) {
		this.server.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(okJson(ANSWER)));
		this.runner.run((context) -> {
			OpenAiProvider openai = context.getBean(OpenAiProvider.class);
			for (int call = 0; call < 10; call++) {
				openai.chat("hello");
			}
			assertThat(health(context).getDetails()).containsEntry("sharedState", "UP");
			assertThat(fallbacks(context)).isZero();
			assertThat(RedisServers.entries(this.redis.port(), this.prefix)).isNotEmpty();

			this.redis.stop();
			for (int call = 0; call < 20; call++) {
				openai.chat("hello");
			}
			assertThat(this.server.findAll(postRequestedFor(urlEqualTo("/v1/chat/completions")))).hasSize(30);
			Health down = health(context);
			assertThat(down.getStatus()).as("the provider itself").isEqualTo(Status.UP);
			assertThat(down.getDetails()).containsEntry("sharedState", "DOWN");
			assertThat(fallbacks(context)).isGreaterThan(0);
			assertThat(output.getOut().split("Shared state store \\(redis\\) failed", -1)).as("one WARN per outage")
				.hasSize(2);

			this.redis.restart();
			await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
				openai.chat("hello");
				assertThat(health(context).getDetails()).containsEntry("sharedState", "UP");
			});
			assertThat(output.getOut()).contains("Shared state store (redis) answers again");
			openai.chat("hello");
			assertThat(RedisServers.entries(this.redis.port(), this.prefix))
				.as("the restarted Redis holds the shared limit and budget again")
				.anySatisfy((entry) -> assertThat(entry).startsWith(this.prefix + "{openai}:requests="))
				.anySatisfy((entry) -> assertThat(entry).startsWith(this.prefix + "{openai}:budget:tokens-per-day:"));
		});
	}

	private static Health health(AssertableApplicationContext context) {
		CompositeHealthContributor health = context.getBean("paracleHealthContributor",
				CompositeHealthContributor.class);
		return ((HealthIndicator) health.getContributor("openai")).health();
	}

	private static double fallbacks(AssertableApplicationContext context) {
		return context.getBean(MeterRegistry.class)
			.get("paracle.shared-state.fallbacks")
			.tag("store", "redis")
			.functionCounter()
			.count();
	}

}
