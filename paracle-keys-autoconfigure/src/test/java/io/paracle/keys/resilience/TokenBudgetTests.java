package io.paracle.keys.resilience;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.paracle.keys.autoconfigure.LlmProviderAutoConfiguration;
import io.paracle.keys.autoconfigure.ParacleKeysAutoConfiguration;
import io.paracle.keys.metrics.ApiCallOutcome;
import io.paracle.keys.provider.BudgetExceededException;
import io.paracle.keys.provider.client.OpenAiProvider;
import io.paracle.keys.resolve.ApiKeyConfigurationException;
import io.paracle.keys.testsupport.FakeProviderServer;
import io.paracle.keys.testsupport.MutableClock;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static io.paracle.keys.resilience.ChatStubs.answer;
import static io.paracle.keys.resilience.ChatStubs.requestsWith;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Token budgets on one replica ({@code paracle.shared-state.store=none}): counted from each answer's usage in UTC
 * windows, the call after the budget is used up fails fast and is not sent, and the next window starts afresh.
 */
class TokenBudgetTests {

	private static final String KEY = "sk-token-budget-key-0001";

	/** 3 tokens per answer. */
	private static final String ANSWER = """
			{"id":"chatcmpl-1","object":"chat.completion","created":1,"model":"gpt-4o-mini",
			 "choices":[{"index":0,"message":{"role":"assistant","content":"ok"},"finish_reason":"stop"}],
			 "usage":{"prompt_tokens":2,"completion_tokens":1,"total_tokens":3}}""";

	private final MutableClock clock = new MutableClock(Instant.parse("2026-12-31T23:59:10Z"));

	private final WireMockServer server = FakeProviderServer.reset();

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ParacleKeysAutoConfiguration.class, LlmProviderAutoConfiguration.class))
		.withUserConfiguration(ChatStubs.ClockKeyPoolsConfiguration.class)
		.withBean(ChatStubs.PoolClock.class, () -> new ChatStubs.PoolClock(this.clock))
		.withPropertyValues("paracle.providers.openai.base-url=" + FakeProviderServer.baseUrl() + "/v1",
				"paracle.providers.openai.api-key=" + KEY);

	@Test
	void windowsAreTheUtcMinuteDayAndMonth() {
		Instant now = Instant.parse("2026-12-31T23:59:10Z");
		assertThat(TokenBudget.Budget.TOKENS_PER_MINUTE.window(now).resetsAt())
			.isEqualTo(Instant.parse("2027-01-01T00:00:00Z"));
		assertThat(TokenBudget.Budget.TOKENS_PER_DAY.window(now))
			.isEqualTo(new TokenBudget.Window(TokenBudget.Budget.TOKENS_PER_DAY, "tokens-per-day:2026-12-31",
					Instant.parse("2027-01-01T00:00:00Z")));
		assertThat(TokenBudget.Budget.TOKENS_PER_MONTH.window(now))
			.isEqualTo(new TokenBudget.Window(TokenBudget.Budget.TOKENS_PER_MONTH, "tokens-per-month:2026-12",
					Instant.parse("2027-01-01T00:00:00Z")));
	}

	@Test
	void theAnswerThatCrossesABudgetIsCountedAndTheNextCheckFailsUntilTheWindowEnds() {
		TokenBudget budget = new TokenBudget("openai", TokenBudget.limits(5L, null, 100L), this.clock,
				SharedKeyState.LOCAL);
		assertThat(budget.check()).isNull();
		budget.add(3);
		assertThat(budget.check()).isNull();
		assertThat(budget.remaining(TokenBudget.Budget.TOKENS_PER_MINUTE)).isEqualTo(2);
		budget.add(3);
		assertThat(budget.check()).isEqualTo(new TokenBudget.Exhausted("openai", TokenBudget.Budget.TOKENS_PER_MINUTE,
				5, 6, Instant.parse("2027-01-01T00:00:00Z")));
		assertThat(budget.remaining(TokenBudget.Budget.TOKENS_PER_MINUTE)).isZero();
		assertThat(budget.remaining(TokenBudget.Budget.TOKENS_PER_MONTH)).isEqualTo(94);
		assertThat(budget.remaining(TokenBudget.Budget.TOKENS_PER_DAY)).isEqualTo(-1);
		this.clock.advance(Duration.ofSeconds(50));
		assertThat(budget.check()).as("a new minute, and a new month").isNull();
		assertThat(budget.remaining(TokenBudget.Budget.TOKENS_PER_MINUTE)).isEqualTo(5);
		assertThat(budget.remaining(TokenBudget.Budget.TOKENS_PER_MONTH)).isEqualTo(100);
	}

	@Test
	void aCallAfterTheDailyBudgetIsUsedUpFailsFastWithoutBeingSent() {
		answer(this.server, KEY, okJson(ANSWER));
		this.contextRunner.withPropertyValues("paracle.providers.openai.budget.tokens-per-day=5").run((context) -> {
			OpenAiProvider openai = context.getBean(OpenAiProvider.class);
			openai.chat("hello");
			openai.chat("hello");
			assertThatExceptionOfType(BudgetExceededException.class).isThrownBy(() -> openai.chat("hello"))
				.withMessage("Token budget of provider 'openai' used up: 6 of 5 tokens-per-day "
						+ "(paracle.providers.openai.budget.tokens-per-day); the call was not sent, the budget "
						+ "resets at 2027-01-01T00:00:00Z.")
				.satisfies((ex) -> {
					assertThat(ex.getProvider()).isEqualTo("openai");
					assertThat(ex.getBudget()).isEqualTo("tokens-per-day");
					assertThat(ex.hasStatusCode()).isFalse();
					assertThat(ApiCallOutcome.of(ex)).isEqualTo(ApiCallOutcome.BUDGET_EXCEEDED);
				});
			assertThat(requestsWith(this.server, KEY)).as("the third call was not sent").isEqualTo(2);
			assertThat(context.getBean(KeyPools.class).lastCall("openai").outcome()).isEqualTo("budget_exceeded");
			this.clock.advance(Duration.ofMinutes(1));
			openai.chat("hello");
			assertThat(requestsWith(this.server, KEY)).as("a new day").isEqualTo(3);
		});
	}

	@Test
	void aTokensPerMinuteLimitIsABudgetOfOneMinute() {
		answer(this.server, KEY, okJson(ANSWER));
		this.contextRunner.withPropertyValues("paracle.providers.openai.rate-limit.tokens-per-minute=3")
			.run((context) -> {
				OpenAiProvider openai = context.getBean(OpenAiProvider.class);
				openai.chat("hello");
				assertThatExceptionOfType(BudgetExceededException.class).isThrownBy(() -> openai.chat("hello"))
					.withMessageContaining("3 of 3 tokens-per-minute (paracle.providers.openai.rate-limit."
							+ "tokens-per-minute)");
				assertThat(context.getBean(KeyPools.class).budget("openai").limits())
					.containsExactly(new TokenBudget.Limit(TokenBudget.Budget.TOKENS_PER_MINUTE, 3));
			});
	}

	@Test
	void withoutABudgetNoBudgetExists() {
		this.contextRunner.run((context) -> assertThat(context.getBean(KeyPools.class).budget("openai")).isNull());
	}

	@Test
	void budgetsOfZeroTokensFailStartupNamingTheProperty() {
		this.contextRunner
			.withPropertyValues("paracle.providers.openai.budget.tokens-per-day=0",
					"paracle.providers.openai.rate-limit.tokens-per-minute=-1")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.isInstanceOf(ApiKeyConfigurationException.class)
				.hasMessageContaining("paracle.providers.openai.budget.tokens-per-day is 0, which cannot work: it "
						+ "must be 1 or more tokens, or unset for no budget")
				.hasMessageContaining("paracle.providers.openai.rate-limit.tokens-per-minute is -1")
				.satisfies((ex) -> assertThat(((ApiKeyConfigurationException) ex).getProblems()).hasSize(2)));
	}

	@Test
	void limitsListsTheBudgetsThatAreSet() {
		assertThat(TokenBudget.limits(null, 10L, null))
			.isEqualTo(List.of(new TokenBudget.Limit(TokenBudget.Budget.TOKENS_PER_DAY, 10)));
		assertThat(TokenBudget.limits(null, null, null)).isEmpty();
	}

}
