package io.paracle.keys.springai;

import io.paracle.keys.catalog.ProviderCatalog;
import io.paracle.keys.resolve.ProviderConfiguration;
import io.paracle.keys.resolve.ProviderResolution;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.StringUtils;

/**
 * Matches when paracle supplies the SDK client of Spring AI's auto-configured Gemini model: the paracle
 * configuration {@code gemini} is active, and Spring AI's Google GenAI properties select the Gemini Developer API
 * (API keys), not Vertex AI (Google Cloud credentials, which are no API keys). Spring AI's own rule of
 * {@code GoogleGenAiChatAutoConfiguration}: Vertex AI when {@code spring.ai.google.genai.vertex-ai=true}, or when
 * {@code project-id} and {@code location} are set without an {@code api-key}.
 *
 * @author paracle-keys
 */
final class OnParacleGeminiClientCondition extends SpringBootCondition {

	private static final String PREFIX = "spring.ai.google.genai.";

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		Environment environment = context.getEnvironment();
		if (vertexAi(environment)) {
			return ConditionOutcome.noMatch("Spring AI's Google GenAI properties select Vertex AI");
		}
		if (!(environment instanceof ConfigurableEnvironment configurable)) {
			return ConditionOutcome.noMatch("no configurable environment");
		}
		ProviderConfiguration gemini = ProviderResolution.resolve(configurable).active().get(ProviderCatalog.GEMINI);
		if (gemini == null || !gemini.isDefaultConfiguration()) {
			return ConditionOutcome.noMatch("paracle configuration 'gemini' is not active");
		}
		return ConditionOutcome.match("paracle configuration 'gemini' is active and Spring AI uses the Gemini API");
	}

	private static boolean vertexAi(Environment environment) {
		if (environment.getProperty(PREFIX + "vertex-ai", Boolean.class, false)) {
			return true;
		}
		return !StringUtils.hasText(environment.getProperty(PREFIX + "api-key"))
				&& StringUtils.hasText(environment.getProperty(PREFIX + "project-id"))
				&& StringUtils.hasText(environment.getProperty(PREFIX + "location"));
	}

}
