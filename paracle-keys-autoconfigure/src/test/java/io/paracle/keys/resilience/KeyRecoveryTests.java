package io.paracle.keys.resilience;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.paracle.keys.actuate.ParacleActuatorAutoConfiguration;
import io.paracle.keys.actuate.ParacleEndpoint;
import io.paracle.keys.autoconfigure.LlmProviderAutoConfiguration;
import io.paracle.keys.autoconfigure.ParacleKeysAutoConfiguration;
import io.paracle.keys.provider.InvalidApiKeyException;
import io.paracle.keys.provider.ProviderRequestException;
import io.paracle.keys.provider.client.OpenAiProvider;
import io.paracle.keys.resolve.Fingerprints;
import io.paracle.keys.testsupport.FakeProviderServer;
import io.paracle.keys.testsupport.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static io.paracle.keys.resilience.ChatStubs.answer;
import static io.paracle.keys.resilience.ChatStubs.requestsWith;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Keys recover: a 403 that is about the request (a model or region the key may not use) leaves the key in use; a
 * rejected key is probed again by one call per {@code rejection-probe-interval}; {@code POST /actuator/paracle}
 * clears rejections and cool-downs; every rejection logs one WARN, a provider without a usable key one WARN, its
 * recovery one INFO.
 */
@ExtendWith(OutputCaptureExtension.class)
class KeyRecoveryTests {

	private static final String CHAT = "/v1/chat/completions";

	private static final String A = "sk-recovery-key-a-0001";

	private static final String B = "sk-recovery-key-b-0002";

	private static final String ANSWER = """
			{"id":"chatcmpl-1","model":"gpt-4o-mini",
			 "choices":[{"index":0,"message":{"role":"assistant","content":"ok"},"finish_reason":"stop"}]}""";

	private static final String PERMISSION_ERROR = """
			{"type":"error","error":{"type":"permission_error",
			 "message":"Your API key does not have permission to use the specified resource."}}""";

	private static final String INVALID_KEY = """
			{"error":{"message":"Incorrect API key provided.","type":"invalid_request_error","code":"invalid_api_key"}}""";

	static final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T12:00:00Z"));

	private final WireMockServer server = FakeProviderServer.reset();

	private final LoggingSystem loggingSystem = LoggingSystem.get(getClass().getClassLoader());

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ParacleKeysAutoConfiguration.class,
				LlmProviderAutoConfiguration.class, ParacleActuatorAutoConfiguration.class))
		.withUserConfiguration(ChatStubs.ClockKeyPoolsConfiguration.class)
		.withBean(ChatStubs.PoolClock.class, () -> new ChatStubs.PoolClock(clock))
		.withPropertyValues("management.endpoints.web.exposure.include=*",
				"paracle.providers.openai.base-url=" + FakeProviderServer.baseUrl() + "/v1",
				"paracle.providers.openai.max-retries=0", "paracle.providers.openai.rejection-probe-interval=1m",
				"paracle.secrets.min-refresh-interval=0s");

	@BeforeEach
	void setUp() {
		clock.advance(Duration.ofDays(1));
		this.loggingSystem.setLogLevel("io.paracle.keys.provider.client", LogLevel.INFO);
	}

	@AfterEach
	void resetLogLevel() {
		this.loggingSystem.setLogLevel("io.paracle.keys.provider.client", null);
	}

	@Test
	void forbiddenForTheRequestIsARequestErrorAndTheKeyStaysInUse() {
		answer(this.server, A, aResponse().withStatus(403).withHeader("Content-Type", "application/json").withBody(PERMISSION_ERROR));
		this.contextRunner.withPropertyValues("paracle.providers.openai.api-key=" + A).run((context) -> {
			OpenAiProvider openai = context.getBean(OpenAiProvider.class);
			for (int call = 0; call < 3; call++) {
				assertThatExceptionOfType(ProviderRequestException.class).isThrownBy(() -> openai.chat("hello"))
					.satisfies((ex) -> assertThat(ex.getStatusCode()).isEqualTo(403))
					.withMessageContaining("is not allowed to make this request (model, region or permission) and "
							+ "stays in use")
					.withMessageContaining("permission_error");
			}
			assertThat(requestsWith(this.server, A)).isEqualTo(3);
			assertThat(context.getBean(KeyPools.class).pool("openai").allRejected()).isFalse();
		});
	}

	@Test
	void forbiddenSayingTheKeyIsBadRejectsIt() {
		answer(this.server, A, aResponse().withStatus(403).withHeader("Content-Type", "application/json").withBody(INVALID_KEY));
		this.contextRunner.withPropertyValues("paracle.providers.openai.api-key=" + A).run((context) -> {
			OpenAiProvider openai = context.getBean(OpenAiProvider.class);
			assertThatExceptionOfType(InvalidApiKeyException.class).isThrownBy(() -> openai.chat("hello"));
			assertThatExceptionOfType(InvalidApiKeyException.class).isThrownBy(() -> openai.chat("hello"));
			assertThat(requestsWith(this.server, A)).isEqualTo(1);
		});
	}

	@Test
	void rejectedKeyIsProbedByOneCallAfterTheIntervalAndComesBack(CapturedOutput output) {
		this.server.stubFor(post(urlEqualTo(CHAT)).inScenario("fixed")
			.whenScenarioStateIs(Scenario.STARTED)
			.willReturn(aResponse().withStatus(401).withHeader("Content-Type", "application/json").withBody(INVALID_KEY))
			.willSetStateTo("fixed"));
		this.server.stubFor(
				post(urlEqualTo(CHAT)).inScenario("fixed").whenScenarioStateIs("fixed").willReturn(okJson(ANSWER)));
		this.contextRunner.withPropertyValues("paracle.providers.openai.api-key=" + A).run((context) -> {
			OpenAiProvider openai = context.getBean(OpenAiProvider.class);
			assertThatExceptionOfType(InvalidApiKeyException.class).isThrownBy(() -> openai.chat("hello"));
			clock.advance(Duration.ofSeconds(59));
			assertThatExceptionOfType(InvalidApiKeyException.class).isThrownBy(() -> openai.chat("hello"));
			assertThat(requestsWith(this.server, A)).as("no request within the probe interval").isEqualTo(1);
			clock.advance(Duration.ofSeconds(1));
			assertThat(openai.chat("hello").text()).isEqualTo("ok");
			assertThat(openai.chat("hello").text()).isEqualTo("ok");
			assertThat(requestsWith(this.server, A)).isEqualTo(3);
		});
		String fingerprint = Fingerprints.of(A);
		assertThat(count(output, "Provider 'openai' refused key " + fingerprint + " from paracle.providers.openai"
				+ ".api-key (HTTP 401, invalid_api_key): out of use until the keys change (one call tries it again "
				+ "in 60s, paracle.providers.openai.rejection-probe-interval)")).isOne();
		assertThat(count(output, "Provider 'openai' has no usable key left: every key [" + fingerprint + "] was "
				+ "refused, so its calls fail. Rotate the key in paracle.providers.openai.api-key")).isOne();
		assertThat(count(output, "Provider 'openai' has a usable key again: key " + fingerprint)).isOne();
		assertThat(output).doesNotContain(A);
	}

	@Test
	void oneCallPerIntervalProbesARejectedKeyAndTheOthersStayOnTheGoodOne() {
		answer(this.server, A, aResponse().withStatus(401).withHeader("Content-Type", "application/json").withBody(INVALID_KEY));
		answer(this.server, B, okJson(ANSWER));
		this.contextRunner.withPropertyValues("paracle.providers.openai.api-keys=" + A + "," + B).run((context) -> {
			OpenAiProvider openai = context.getBean(OpenAiProvider.class);
			for (int call = 0; call < 5; call++) {
				assertThat(openai.chat("hello").keyFingerprint()).isEqualTo(Fingerprints.of(B));
			}
			assertThat(requestsWith(this.server, A)).isEqualTo(1);
			clock.advance(Duration.ofMinutes(1));
			for (int call = 0; call < 5; call++) {
				assertThat(openai.chat("hello").keyFingerprint()).isEqualTo(Fingerprints.of(B));
			}
			assertThat(requestsWith(this.server, A)).as("the probe, failed over to B within the same call").isEqualTo(2);
			assertThat(requestsWith(this.server, B)).isEqualTo(10);
		});
	}

	@Test
	void postToTheEndpointClearsRejectionsAndCooldowns() {
		answer(this.server, A, aResponse().withStatus(401).withHeader("Content-Type", "application/json").withBody(INVALID_KEY));
		answer(this.server, B, aResponse().withStatus(429).withHeader("Retry-After", "300").withBody("{}"));
		this.contextRunner.withPropertyValues("paracle.providers.openai.api-keys=" + A + "," + B).run((context) -> {
			OpenAiProvider openai = context.getBean(OpenAiProvider.class);
			assertThatExceptionOfType(RuntimeException.class).isThrownBy(() -> openai.chat("hello"));
			KeyPool pool = context.getBean(KeyPools.class).pool("openai");
			assertThat(pool.select()).isNull();
			Map<String, Object> result = context.getBean(ParacleEndpoint.class).refresh();
			@SuppressWarnings("unchecked")
			Map<String, List<String>> cleared = (Map<String, List<String>>) result.get("cleared");
			assertThat(cleared.get("openai")).containsExactlyInAnyOrder(Fingerprints.of(A), Fingerprints.of(B));
			assertThat(pool.select()).isNotNull();
			answer(this.server, B, okJson(ANSWER));
			openai.chat("hello");
			assertThat(requestsWith(this.server, A) + requestsWith(this.server, B)).isGreaterThan(2);
		});
	}

	private static long count(CapturedOutput output, String text) {
		return output.getOut().lines().filter((line) -> line.contains(text)).count();
	}

}
