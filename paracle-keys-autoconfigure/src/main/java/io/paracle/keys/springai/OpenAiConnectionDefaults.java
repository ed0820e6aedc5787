package io.paracle.keys.springai;

import org.springframework.ai.model.openai.autoconfigure.AbstractOpenAiProperties;
import org.springframework.ai.model.openai.autoconfigure.OpenAiCommonProperties;

/**
 * {@link SpringAiConnectionDefaults} of Spring AI's OpenAI properties ({@code spring.ai.openai.*} and the
 * per-model {@code spring.ai.openai.chat.*}, {@code .embedding.*}, ...).
 *
 * @author paracle-keys
 */
final class OpenAiConnectionDefaults extends SpringAiConnectionDefaults<AbstractOpenAiProperties> {

	OpenAiConnectionDefaults() {
		super(AbstractOpenAiProperties.class, "openai", "OpenAI");
	}

	@Override
	void adjust(AbstractOpenAiProperties properties) {
		boolean common = properties instanceof OpenAiCommonProperties;
		String prefix = common ? "spring.ai.openai" : "spring.ai.openai.<model>";
		if (properties.getApiKey() != null) {
			keyAlsoSet(prefix + ".api-key");
		}
		else if (common) {
			properties.setApiKey(ChatModelSettings.PLACEHOLDER_KEY);
		}
		int retries = properties.getMaxRetries();
		if (common) {
			if (retries != 0 && retries != OpenAiCommonProperties.DEFAULT_MAX_RETRIES) {
				retriesOff(prefix + ".max-retries", retries);
			}
			properties.setMaxRetries(0);
		}
		else if (retries != OpenAiCommonProperties.DEFAULT_MAX_RETRIES) {
			// the per-model value wins over the common one unless it is the default
			retriesOff(prefix + ".max-retries", retries);
			properties.setMaxRetries(OpenAiCommonProperties.DEFAULT_MAX_RETRIES);
		}
	}

}
