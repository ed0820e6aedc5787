package io.paracle.keys.config;

import io.paracle.keys.autoconfigure.ParacleKeysAutoConfiguration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Values outside their range fail startup through Boot's binding failure analysis, which names the property, the
 * value and the reason; the provider settings have their own check (CooldownAndLimitSettingsTests).
 */
class PropertyRangeTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ParacleKeysAutoConfiguration.class))
		.withPropertyValues("paracle.providers.openai.api-key=sk-test-range-0001");

	@ParameterizedTest
	@CsvSource({ "paracle.secrets.min-refresh-interval, -1s, must be zero or a positive duration",
			"paracle.keys.rotation.max-age, 0d, must be a duration longer than zero",
			"paracle.health.verify-interval, -5m, must be zero or a positive duration",
			"paracle.http.max-response-size, 0B, must be larger than zero" })
	void valueOutOfRangeFailsStartupNamingTheProperty(String property, String value, String reason) {
		this.contextRunner.withPropertyValues(property + "=" + value).run((context) -> {
			assertThat(context).hasFailed();
			Throwable failure = context.getStartupFailure();
			while (failure != null && !(failure instanceof BindException)) {
				failure = failure.getCause();
			}
			assertThat(failure).isInstanceOf(BindException.class);
			assertThat(((BindException) failure).getProperty().getName().toString()).isEqualTo(property);
			assertThat(failure).rootCause().hasMessageContaining(reason);
		});
	}

}
