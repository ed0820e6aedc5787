package io.paracle.keys.resolve;

import io.paracle.keys.autoconfigure.ParacleKeysAutoConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A plain {@code http://} base URL to another host would carry the key in clear text: one WARN per provider, and a
 * refusal where {@code paracle.keys.allowed-sources} restricts the key sources (the {@code prod} profile), unless
 * {@code allow-plain-http} says the hop is encrypted by other means.
 */
@ExtendWith(OutputCaptureExtension.class)
class PlainHttpTests {

	private static final String KEY = "sk-test-plain-http-0001";

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ParacleKeysAutoConfiguration.class))
		.withInitializer(TestEnvironments.osEnvironment())
		.withPropertyValues("paracle.providers.openai.api-key=" + KEY);

	@Test
	void plainHttpToAnotherHostWarnsOnce(CapturedOutput output) {
		this.contextRunner.withPropertyValues("paracle.providers.openai.base-url=http://llm.internal.example:8080/v1")
			.run((context) -> assertThat(context).hasNotFailed());
		assertThat(output.getOut().lines()
			.filter((line) -> line.contains("Provider 'openai' sends its key in clear text to "
					+ "http://llm.internal.example (paracle.providers.openai.base-url). Use an https:// URL, or set "
					+ "paracle.providers.openai.allow-plain-http=true"))
			.count()).isOne();
		assertThat(output).doesNotContain(KEY);
	}

	@ParameterizedTest
	@ValueSource(strings = { "http://localhost:11434/v1", "http://127.0.0.1:8080/v1", "http://[::1]:8080/v1",
			"https://llm.internal.example/v1" })
	void loopbackOrHttpsSaysNothing(String url, CapturedOutput output) {
		this.contextRunner.withPropertyValues("paracle.providers.openai.base-url=" + url)
			.run((context) -> assertThat(context).hasNotFailed());
		assertThat(output).doesNotContain("clear text");
	}

	@Test
	void plainHttpIsRefusedWhereTheSourcePolicyIsStrict() {
		this.contextRunner
			.withPropertyValues("paracle.keys.allowed-sources=config",
					"paracle.providers.openai.base-url=http://llm.internal.example/v1")
			.run((context) -> assertThat(FailureText.of(context))
				.contains("Provider 'openai' sends its key in clear text to http://llm.internal.example "
						+ "(paracle.providers.openai.base-url), which paracle.keys.allowed-sources forbids")
				.contains("set paracle.providers.openai.allow-plain-http=true")
				.doesNotContain(KEY));
	}

	@Test
	void allowPlainHttpAcceptsItEvenWhereTheSourcePolicyIsStrict(CapturedOutput output) {
		this.contextRunner
			.withPropertyValues("paracle.keys.allowed-sources=config",
					"paracle.providers.openai.base-url=http://llm.internal.example/v1",
					"paracle.providers.openai.allow-plain-http=true")
			.run((context) -> assertThat(context).hasNotFailed());
		assertThat(output).doesNotContain("clear text");
	}

}
