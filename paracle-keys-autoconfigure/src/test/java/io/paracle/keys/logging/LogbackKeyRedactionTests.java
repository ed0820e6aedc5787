package io.paracle.keys.logging;

import io.paracle.keys.autoconfigure.ParacleKeysAutoConfiguration;
import io.paracle.keys.autoconfigure.ParacleLoggingAutoConfiguration;
import io.paracle.keys.resolve.Fingerprints;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Logback redaction layer replaces resolved keys and key-shaped strings with fingerprints in every log line,
 * at every level and in stack traces — and the same lines leak when it is switched off.
 */
@ExtendWith(OutputCaptureExtension.class)
class LogbackKeyRedactionTests {

	private static final String KEY = "sk-canary-redact-0001-abcdefgh";

	private static final String UNRELATED_KEY = "gsk_CanaryNeverLoaded0001abcd";

	private static final Log logger = LogFactory.getLog("com.example.ThirdPartyWireLogger");

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(ParacleKeysAutoConfiguration.class, ParacleLoggingAutoConfiguration.class))
		.withPropertyValues("paracle.providers.openai.api-key=" + KEY);

	@Test
	void resolvedKeyAndKeyShapedStringsAreReplacedByFingerprints(CapturedOutput output) {
		this.contextRunner.run((context) -> {
			logger.error("wire: Authorization: Bearer " + KEY + " other " + UNRELATED_KEY);
			logger.error("failed", new IllegalStateException("header was " + KEY));
		});
		assertThat(output).contains("wire: Authorization: Bearer [key:" + Fingerprints.of(KEY) + "]")
			.contains("[key:" + Fingerprints.of(UNRELATED_KEY) + "]")
			.contains("java.lang.IllegalStateException: header was [key:" + Fingerprints.of(KEY) + "]")
			.doesNotContain(KEY)
			.doesNotContain(UNRELATED_KEY);
	}

	@Test
	void keysLeakWhenRedactionIsSwitchedOffProvingTheCheckCanFail(CapturedOutput output) {
		this.contextRunner.withPropertyValues("paracle.keys.redaction.enabled=false")
			.run((context) -> logger.error("wire: Authorization: Bearer " + KEY));
		assertThat(output).contains(KEY);
	}

	@Test
	void originalEncodersComeBackWhenTheContextCloses(CapturedOutput output) {
		this.contextRunner.run((context) -> assertThat(context).hasSingleBean(LogbackKeyRedaction.class));
		logger.error("after close " + KEY);
		assertThat(output).contains("after close " + KEY);
	}

	@Test
	void redactorLeavesOrdinaryWordsAlone() {
		KeyRedactor redactor = new KeyRedactor();
		assertThat(redactor.redact("task-management-skills are risk-free")).isEqualTo("task-management-skills are risk-free");
		assertThat(redactor.redact("key sk-abc")).isEqualTo("key sk-abc");
	}

}
