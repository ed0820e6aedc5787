package io.paracle.keys.logging;

import java.time.Duration;

import ch.qos.logback.classic.AsyncAppender;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import io.paracle.keys.autoconfigure.ParacleKeysAutoConfiguration;
import io.paracle.keys.resolve.Fingerprints;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

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

	private static final org.slf4j.Logger asyncLogger = LoggerFactory.getLogger("com.example.AsyncWireLogger");

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
	void appendersBehindAnAsyncAppenderAreRedactedToo(CapturedOutput output) {
		AsyncAppender async = asyncConsole(Duration.ZERO);
		try {
			this.contextRunner.run((context) -> {
				asyncLogger.error("async wire: Authorization: Bearer " + KEY);
				async.stop();
			});
		}
		finally {
			detach(async);
		}
		assertThat(output).contains("async wire: Authorization: Bearer [key:" + Fingerprints.of(KEY) + "]")
			.doesNotContain(KEY);
	}

	@Test
	void eventsAnAsyncAppenderStillQueuesWhenTheContextClosesAreRedacted(CapturedOutput output)
			throws InterruptedException {
		AsyncAppender async = asyncConsole(Duration.ofMillis(20));
		try {
			this.contextRunner.run((context) -> {
				for (int i = 0; i < 20; i++) {
					asyncLogger.error("queued " + i + ": Authorization: Bearer " + KEY);
				}
			});
			Thread.sleep(5);
			asyncLogger.error("after close " + KEY);
			async.stop();
		}
		finally {
			detach(async);
		}
		assertThat(output).contains("queued 19: Authorization: Bearer [key:" + Fingerprints.of(KEY) + "]")
			.contains("after close " + KEY);
		// only the line logged after the close shows the key, as with appenders the logging thread calls
		assertThat(output.toString().replace("after close " + KEY, "")).doesNotContain(KEY);
	}

	/**
	 * Attach an async appender in front of a console appender that takes the given time per event to
	 * {@link #asyncLogger}.
	 */
	private static AsyncAppender asyncConsole(Duration perEvent) {
		LoggerContext loggerContext = (LoggerContext) LoggerFactory.getILoggerFactory();
		ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>() {

			@Override
			protected void subAppend(ILoggingEvent event) {
				try {
					Thread.sleep(perEvent.toMillis());
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
				super.subAppend(event);
			}

		};
		console.setContext(loggerContext);
		PatternLayoutEncoder encoder = new PatternLayoutEncoder();
		encoder.setContext(loggerContext);
		encoder.setPattern("%msg%n");
		encoder.start();
		console.setEncoder(encoder);
		console.start();
		AsyncAppender async = new AsyncAppender();
		async.setContext(loggerContext);
		async.addAppender(console);
		async.start();
		Logger logger = loggerContext.getLogger(asyncLogger.getName());
		logger.addAppender(async);
		logger.setAdditive(false);
		return async;
	}

	private static void detach(AsyncAppender async) {
		Logger logger = ((LoggerContext) LoggerFactory.getILoggerFactory()).getLogger(asyncLogger.getName());
		logger.detachAppender(async);
		logger.setAdditive(true);
	}

	@Test
	void perCallKeysWithoutAShapeAreRedactedOnceAdded() {
		KeyRedactor redactor = new KeyRedactor();
		String perCall = "TenantKeyWithoutShape0001";
		assertThat(redactor.redact("Bearer " + perCall)).isEqualTo("Bearer " + perCall);
		redactor.addPerCallKey(perCall);
		assertThat(redactor.redact("Bearer " + perCall)).isEqualTo("Bearer [key:" + Fingerprints.of(perCall) + "]");
	}

	@Test
	void manyPerCallKeysNeverPushTheApplicationKeysOut() {
		KeyRedactor redactor = new KeyRedactor();
		redactor.addAll(java.util.List.of("ApplicationKeyWithoutShape01"));
		for (int i = 0; i < 1000; i++) {
			redactor.addPerCallKey("TenantKeyWithoutShape" + i);
		}
		assertThat(redactor.containsKey("x ApplicationKeyWithoutShape01 y")).isTrue();
		assertThat(redactor.containsKey("x TenantKeyWithoutShape999 y")).isTrue();
		assertThat(redactor.containsKey("x TenantKeyWithoutShape0 y")).isFalse();
	}

	@Test
	void redactorLeavesOrdinaryWordsAlone() {
		KeyRedactor redactor = new KeyRedactor();
		assertThat(redactor.redact("task-management-skills are risk-free")).isEqualTo("task-management-skills are risk-free");
		assertThat(redactor.redact("key sk-abc")).isEqualTo("key sk-abc");
	}

}
