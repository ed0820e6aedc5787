package io.paracle.keys.langchain4j;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import dev.langchain4j.exception.AuthenticationException;
import dev.langchain4j.exception.RateLimitException;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.service.AiServices;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.paracle.keys.autoconfigure.LlmProviderAutoConfiguration;
import io.paracle.keys.autoconfigure.ParacleKeysAutoConfiguration;
import io.paracle.keys.metrics.ApiCallMetricsAutoConfiguration;
import io.paracle.keys.metrics.ParacleKeyMetricsAutoConfiguration;
import io.paracle.keys.resilience.KeyPoolListener;
import io.paracle.keys.resilience.KeyPools;
import io.paracle.keys.resilience.KeySelectionStrategy;
import io.paracle.keys.resolve.ApiKeyResolver;
import io.paracle.keys.resolve.Fingerprints;
import io.paracle.keys.testsupport.FakeProviderServer;
import io.paracle.keys.testsupport.MutableClock;
import io.paracle.keys.testsupport.stores.FakeVaultServer;
import io.paracle.keys.testsupport.stores.StoreApplication;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.paracle.keys.langchain4j.LangChain4jStubs.OPENAI_ANSWER;
import static io.paracle.keys.langchain4j.LangChain4jStubs.OPENAI_CHAT;
import static io.paracle.keys.langchain4j.LangChain4jStubs.OPENAI_STREAM;
import static io.paracle.keys.langchain4j.LangChain4jStubs.events;
import static io.paracle.keys.langchain4j.LangChain4jStubs.json;
import static io.paracle.keys.langchain4j.LangChain4jStubs.stream;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Key failover inside one LangChain4j model call: a 429 key cools down for its Retry-After, a 401 key is rejected
 * after one request, a rotated key in a secret store reaches the next call, and AiServices works over a paracle
 * bean. Cool-downs run on a controllable clock.
 */
class LangChain4jKeyFailoverTests {

	private static final String RATE_LIMITED = "sk-lc4j-failover-429-0001";

	private static final String REVOKED = "sk-lc4j-failover-401-0002";

	private static final String GOOD = "sk-lc4j-failover-good-0003";

	private static final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T10:00:00Z"));

	private final WireMockServer server = FakeProviderServer.reset();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ParacleKeysAutoConfiguration.class,
				ApiCallMetricsAutoConfiguration.class, LlmProviderAutoConfiguration.class,
				ParacleKeyMetricsAutoConfiguration.class, ParacleLangChain4jAutoConfiguration.class))
		.withBean(SimpleMeterRegistry.class)
		.withUserConfiguration(ClockKeyPools.class)
		.withPropertyValues("paracle.keys.dotenv.enabled=false",
				"paracle.providers.openai.base-url=" + FakeProviderServer.baseUrl() + "/openai/v1",
				"paracle.providers.openai.api-keys=" + RATE_LIMITED + "," + REVOKED + "," + GOOD);

	@Test
	void threeKeys429And401AndGoodServeEveryChatAndStreamWithEachBadKeySentAsLittleAsItsStatusAllows()
			throws Exception {
		answer(RATE_LIMITED, aResponse().withStatus(429).withHeader("Retry-After", "30")
			.withBody("{\"error\":{\"message\":\"Rate limit reached\",\"type\":\"requests\"}}"));
		answer(REVOKED, aResponse().withStatus(401)
			.withBody("{\"error\":{\"message\":\"Incorrect API key provided\",\"code\":\"invalid_api_key\"}}"));
		answer(GOOD, json(OPENAI_ANSWER));
		this.contextRunner.run((context) -> {
			ChatModel chat = context.getBean("openaiLangChain4jChatModel", ChatModel.class);
			StreamingChatModel streaming = context.getBean("openaiLangChain4jStreamingChatModel", StreamingChatModel.class);
			for (int call = 0; call < 100; call++) {
				assertThat(chat.chat("Hello " + call)).isEqualTo("Hi from OpenAI");
			}
			answer(GOOD, events(OPENAI_STREAM));
			for (int call = 0; call < 20; call++) {
				assertThat(stream(streaming, "Hello " + call).aiMessage().text()).isEqualTo("Hi streamed");
			}
			assertThat(requestsWith(REVOKED)).as("the 401 key is sent once").isOne();
			assertThat(requestsWith(RATE_LIMITED)).as("the 429 key is sent once, then cools down").isOne();
			assertThat(requestsWith(GOOD)).isEqualTo(120);

			clock.advance(Duration.ofSeconds(29));
			for (int call = 0; call < 5; call++) {
				stream(streaming, "Hello");
			}
			assertThat(requestsWith(RATE_LIMITED)).as("not again within its Retry-After of 30 s").isOne();
			clock.advance(Duration.ofSeconds(1));
			for (int call = 0; call < 3; call++) {
				stream(streaming, "Hello");
			}
			assertThat(requestsWith(RATE_LIMITED)).as("tried again once Retry-After has passed, then cooling again")
				.isEqualTo(2);

			MeterRegistry registry = context.getBean(MeterRegistry.class);
			assertThat(count(registry, "success")).isEqualTo(128);
			assertThat(count(registry, "rate_limited")).isEqualTo(2);
			assertThat(count(registry, "auth_error")).isEqualTo(1);
			assertThat(registry.get("paracle.keys.calls").tag("fingerprint", Fingerprints.of(GOOD)).counter().count())
				.isEqualTo(128);
			assertThat(registry.get("paracle.keys.rejections").tag("fingerprint", Fingerprints.of(REVOKED))
				.counter()
				.count()).isOne();
			assertThat(registry.get("gen_ai.client.token.usage").tags("provider", "openai", "gen_ai.token.type", "input")
				.summary()
				.count()).as("tokens counted once per successful call").isEqualTo(128);
		});
	}

	@Test
	void whenNoKeyIsLeftTheModelGetsLangChain4jsExceptionNamingEveryFingerprint() {
		answer(RATE_LIMITED, aResponse().withStatus(429).withHeader("Retry-After", "30").withBody("{}"));
		answer(REVOKED, aResponse().withStatus(401).withBody("{}"));
		answer(GOOD, aResponse().withStatus(401).withBody("{\"error\":{\"message\":\"key " + GOOD + " revoked\"}}"));
		this.contextRunner.run((context) -> {
			ChatModel chat = context.getBean("openaiLangChain4jChatModel", ChatModel.class);
			assertThatExceptionOfType(RateLimitException.class).isThrownBy(() -> chat.chat("Hello"))
				.withMessageNotContaining(GOOD)
				.withMessageNotContaining(REVOKED)
				.withMessageNotContaining(RATE_LIMITED);
			clock.advance(Duration.ofSeconds(31));
			answer(RATE_LIMITED, aResponse().withStatus(403)
				.withBody("{\"error\":{\"message\":\"invalid api key\"}}"));
			assertThatExceptionOfType(AuthenticationException.class).isThrownBy(() -> chat.chat("Hello"))
				.withMessageContaining(Fingerprints.of(RATE_LIMITED))
				.withMessageContaining(Fingerprints.of(REVOKED))
				.withMessageContaining(Fingerprints.of(GOOD))
				.withMessageNotContaining(GOOD);
		});
	}

	@Test
	void anAiServicesInterfaceOverTheBeanAnswersWithThePoolsKey() {
		answer(GOOD, json(OPENAI_ANSWER));
		this.contextRunner
			.withPropertyValues("paracle.providers.openai.api-keys=" + GOOD)
			.withUserConfiguration(AssistantConfiguration.class)
			.run((context) -> {
				Assistant assistant = context.getBean(Assistant.class);
				assertThat(assistant.answer("What is paracle?")).isEqualTo("Hi from OpenAI");
				assertThat(requestsWith(GOOD)).isOne();
				assertThat(this.server.findAll(postRequestedFor(urlEqualTo(OPENAI_CHAT))).get(0).getBodyAsString())
					.contains("What is paracle?");
			});
	}

	@Test
	void aKeyRotatedInTheSecretStoreServesTheNextCallAfterTheOldOneIsRevoked() {
		String oldKey = "sk-lc4j-vault-old-0001";
		String newKey = "sk-lc4j-vault-new-0002";
		answer(oldKey, json(OPENAI_ANSWER));
		try (FakeVaultServer vault = new FakeVaultServer()) {
			vault.start();
			vault.putSecret("paracle", Map.of("OPENAI_API_KEY", oldKey));
			try (ConfigurableApplicationContext context = StoreApplication.run((application) -> {
			}, List.of("--spring.profiles.active=vaulttest", "--test.fake-vault.port=" + vault.port(),
					"--paracle.providers.openai.base-url=" + FakeProviderServer.baseUrl() + "/openai/v1"))) {
				ChatModel chat = context.getBean("openaiLangChain4jChatModel", ChatModel.class);
				assertThat(chat.chat("Hello")).isEqualTo("Hi from OpenAI");
				vault.putSecret("paracle", Map.of("OPENAI_API_KEY", newKey));
				answer(oldKey, aResponse().withStatus(401)
					.withBody("{\"error\":{\"message\":\"Incorrect API key provided\",\"code\":\"invalid_api_key\"}}"));
				answer(newKey, json(OPENAI_ANSWER));
				assertThat(chat.chat("Hello")).as("one model call: 401, re-read, the new key").isEqualTo("Hi from OpenAI");
				assertThat(requestsWith(oldKey)).isEqualTo(2);
				assertThat(requestsWith(newKey)).isOne();
				assertThat(context.getBean(ApiKeyResolver.class).keys("openai").primary().secret()).isEqualTo(newKey);
			}
		}
	}

	private void answer(String key, ResponseDefinitionBuilder response) {
		this.server.stubFor(post(urlEqualTo(OPENAI_CHAT)).withHeader("Authorization", equalTo("Bearer " + key))
			.willReturn(response));
	}

	private int requestsWith(String key) {
		return this.server
			.findAll(postRequestedFor(urlEqualTo(OPENAI_CHAT)).withHeader("Authorization", equalTo("Bearer " + key)))
			.size();
	}

	private static double count(MeterRegistry registry, String outcome) {
		return registry.get("api.calls").tags("provider", "openai", "operation", "chat", "outcome", outcome)
			.counter()
			.count();
	}

	interface Assistant {

		String answer(String question);

	}

	@Configuration(proxyBeanMethods = false)
	static class AssistantConfiguration {

		@Bean
		Assistant assistant(@Qualifier("openai") ChatModel openai) {
			return AiServices.create(Assistant.class, openai);
		}

	}

	/**
	 * Key pools on the test's clock: cool-downs end when the test moves it.
	 */
	@Configuration(proxyBeanMethods = false)
	static class ClockKeyPools {

		@Bean
		KeyPools keyPools(ApiKeyResolver resolver, KeySelectionStrategy strategy,
				ObjectProvider<KeyPoolListener> listeners) {
			clock.advance(Duration.ofDays(1));
			return new KeyPools(resolver, strategy, KeyPoolListener.composite(listeners.orderedStream().toList()),
					clock, KeyPools.limiters(clock, clock::advance));
		}

	}

}
