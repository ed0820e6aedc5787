package io.paracle.keys.resilience;

import java.time.Duration;
import java.time.Instant;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.paracle.keys.autoconfigure.LlmProviderAutoConfiguration;
import io.paracle.keys.autoconfigure.ParacleKeysAutoConfiguration;
import io.paracle.keys.provider.RateLimitExceededException;
import io.paracle.keys.provider.client.OpenAiProvider;
import io.paracle.keys.resolve.ApiKeyConfigurationException;
import io.paracle.keys.resolve.Fingerprints;
import io.paracle.keys.testsupport.FakeProviderServer;
import io.paracle.keys.testsupport.MutableClock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static io.paracle.keys.resilience.ChatStubs.answer;
import static io.paracle.keys.resilience.ChatStubs.requestsWith;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Cool-downs are capped at {@code max-cooldown} whatever the provider asks (and parsed without overflow),
 * {@code rate-limit.max-wait: 0s} means "do not wait", and settings that cannot work fail at startup with the
 * property and its valid range.
 */
class CooldownAndLimitSettingsTests {

	private static final String CHAT = "/v1/chat/completions";

	private static final String A = "sk-cooldown-key-a-0001";

	private static final String B = "sk-cooldown-key-b-0002";

	private static final String ANSWER = """
			{"id":"chatcmpl-1","model":"gpt-4o-mini",
			 "choices":[{"index":0,"message":{"role":"assistant","content":"ok"},"finish_reason":"stop"}],
			 "usage":{"prompt_tokens":2,"completion_tokens":1}}""";

	static final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T10:00:00Z"));

	private final WireMockServer server = FakeProviderServer.reset();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(ParacleKeysAutoConfiguration.class, LlmProviderAutoConfiguration.class))
		.withUserConfiguration(ChatStubs.ClockKeyPoolsConfiguration.class)
		.withBean(ChatStubs.PoolClock.class, () -> new ChatStubs.PoolClock(clock))
		.withPropertyValues("paracle.providers.openai.base-url=" + FakeProviderServer.baseUrl() + "/v1",
				"paracle.providers.openai.api-keys=" + A + "," + B, "paracle.providers.openai.max-retries=0");

	@BeforeEach
	void resetClock() {
		clock.advance(Duration.ofDays(1));
	}

	@Test
	void retryAfterOfElevenDaysCoolsTheKeyForMaxCooldownOnly() {
		answer(this.server, A, aResponse().withStatus(429).withHeader("Retry-After", "999999").withBody("{}"));
		answer(this.server, B, okJson(ANSWER));
		this.contextRunner.withPropertyValues("paracle.providers.openai.max-cooldown=2m").run((context) -> {
			OpenAiProvider openai = context.getBean(OpenAiProvider.class);
			Instant start = clock.instant();
			assertThat(openai.chat("hello").keyFingerprint()).isEqualTo(Fingerprints.of(B));
			assertThat(coolingUntil(context.getBean(KeyPools.class), A)).isEqualTo(start.plus(Duration.ofMinutes(2)));
			clock.advance(Duration.ofSeconds(119));
			openai.chat("hello");
			openai.chat("hello");
			assertThat(requestsWith(this.server, A)).isEqualTo(1);
			clock.advance(Duration.ofSeconds(1));
			openai.chat("hello");
			openai.chat("hello");
			assertThat(requestsWith(this.server, A)).as("A is asked again once its capped cool-down ended").isEqualTo(2);
		});
	}

	@Test
	void retryAfterTooLargeForALongDoesNotOverflowAndIsCappedAtTheDefault() {
		answer(this.server, A, aResponse().withStatus(429).withHeader("Retry-After", "99999999999999999999").withBody("{}"));
		answer(this.server, B, okJson(ANSWER));
		this.contextRunner.run((context) -> {
			Instant start = clock.instant();
			assertThat(context.getBean(OpenAiProvider.class).chat("hello").keyFingerprint())
				.isEqualTo(Fingerprints.of(B));
			assertThat(coolingUntil(context.getBean(KeyPools.class), A))
				.isEqualTo(start.plus(KeyPool.DEFAULT_MAX_COOLDOWN));
		});
	}

	@Test
	void exhaustedQuotaWithAFarResetLocksTheKeyForMaxCooldownOnly() {
		answer(this.server, A, okJson(ANSWER).withHeader("x-ratelimit-remaining-requests", "0")
			.withHeader("x-ratelimit-reset-requests", "999999s"));
		answer(this.server, B, okJson(ANSWER));
		this.contextRunner.run((context) -> {
				OpenAiProvider openai = context.getBean(OpenAiProvider.class);
				Instant start = clock.instant();
				for (int call = 0; call < 4; call++) {
					openai.chat("hello");
				}
				assertThat(requestsWith(this.server, A)).isEqualTo(1);
				assertThat(coolingUntil(context.getBean(KeyPools.class), A))
					.isEqualTo(start.plus(KeyPool.DEFAULT_MAX_COOLDOWN));
				clock.advance(KeyPool.DEFAULT_MAX_COOLDOWN);
				openai.chat("hello");
				openai.chat("hello");
				assertThat(requestsWith(this.server, A)).isEqualTo(2);
			});
	}

	@Test
	void resetHeaderTooLargeForAnInstantDoesNotFailTheCall() {
		answer(this.server, A, okJson(ANSWER).withHeader("x-ratelimit-remaining-requests", "0")
			.withHeader("x-ratelimit-reset-requests", "99999999999999999999999s"));
		this.contextRunner.withPropertyValues("paracle.providers.openai.api-keys=" + A).run((context) -> {
			assertThat(context.getBean(OpenAiProvider.class).chat("hello").text()).isEqualTo("ok");
			assertThat(coolingUntil(context.getBean(KeyPools.class), A)).isNotNull();
		});
	}

	@Test
	void maxWaitOfZeroMeansDoNotWait() {
		answer(this.server, A, okJson(ANSWER));
		this.contextRunner
			.withPropertyValues("paracle.providers.openai.api-keys=" + A,
					"paracle.providers.openai.rate-limit.requests-per-minute=1",
					"paracle.providers.openai.rate-limit.max-wait=0s")
			.run((context) -> {
				OpenAiProvider openai = context.getBean(OpenAiProvider.class);
				assertThat(openai.chat("hello").text()).isEqualTo("ok");
				assertThatExceptionOfType(RateLimitExceededException.class).isThrownBy(() -> openai.chat("hello"))
					.withMessageContaining("Client-side rate limit exceeded for provider 'openai'");
				assertThat(requestsWith(this.server, A)).isEqualTo(1);
				clock.advance(Duration.ofMinutes(1));
				assertThat(openai.chat("hello").text()).isEqualTo("ok");
			});
	}

	@Test
	void settingsThatCannotWorkFailAtStartupNamingThePropertyAndTheRange() {
		this.contextRunner
			.withPropertyValues("paracle.providers.openai.rate-limit.requests-per-minute=0",
					"paracle.providers.openai.timeout=0s", "paracle.providers.openai.connect-timeout=-1s",
					"paracle.providers.openai.max-retries=-1", "paracle.providers.openai.rate-limit.max-wait=-5s",
					"paracle.providers.openai.max-cooldown=0s", "paracle.providers.openai.cooldown=-1s",
					"paracle.providers.openai.retry-backoff=-10ms")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.isInstanceOf(ApiKeyConfigurationException.class)
				.hasMessageContaining("paracle.providers.openai.rate-limit.requests-per-minute is 0, which cannot "
						+ "work: it must be 1 or more, or unset for no client-side limit")
				.hasMessageContaining("paracle.providers.openai.timeout is 0s, which cannot work: it must be a "
						+ "duration longer than zero")
				.hasMessageContaining("paracle.providers.openai.connect-timeout is -1s")
				.hasMessageContaining("paracle.providers.openai.max-retries is -1, which cannot work: it must be 0 "
						+ "or more")
				.hasMessageContaining("paracle.providers.openai.rate-limit.max-wait is -5s, which cannot work: it "
						+ "must be zero or a positive duration")
				.hasMessageContaining("paracle.providers.openai.max-cooldown is 0s")
				.hasMessageContaining("paracle.providers.openai.cooldown is -1s")
				.hasMessageContaining("paracle.providers.openai.retry-backoff is -10ms")
				.satisfies((ex) -> assertThat(((ApiKeyConfigurationException) ex).getProblems()).hasSize(8)));
	}

	private static Instant coolingUntil(KeyPools pools, String key) {
		return pools.pool("openai")
			.states()
			.stream()
			.filter((state) -> state.fingerprint().equals(Fingerprints.of(key)))
			.findFirst()
			.orElseThrow()
			.coolingUntil();
	}

}
