package io.paracle.keys.logging;


import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of key redaction in Logback output ({@code paracle.keys.redaction.enabled}, on by
 * default).
 *
 * @author paracle-keys
 */
@AutoConfiguration(afterName = "io.paracle.keys.autoconfigure.ParacleKeysAutoConfiguration")
@ConditionalOnClass(name = "ch.qos.logback.classic.LoggerContext")
@ConditionalOnBooleanProperty(name = "paracle.keys.redaction.enabled", matchIfMissing = true)
public final class ParacleLoggingAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	LogbackKeyRedaction logbackKeyRedaction(KeyRedactor redactor) {
		return new LogbackKeyRedaction(redactor);
	}

}
