package io.paracle.keys.springai;

import org.springframework.ai.model.anthropic.autoconfigure.AnthropicConnectionProperties;

/**
 * {@link SpringAiConnectionDefaults} of Spring AI's Anthropic properties ({@code spring.ai.anthropic.*}).
 *
 * @author paracle-keys
 */
final class AnthropicConnectionDefaults extends SpringAiConnectionDefaults<AnthropicConnectionProperties> {

	AnthropicConnectionDefaults() {
		super(AnthropicConnectionProperties.class, "anthropic", "Anthropic");
	}

	@Override
	void adjust(AnthropicConnectionProperties properties) {
		if (properties.getApiKey() != null) {
			keyAlsoSet("spring.ai.anthropic.api-key");
		}
		else {
			properties.setApiKey(ChatModelSettings.PLACEHOLDER_KEY);
		}
		Integer retries = properties.getMaxRetries();
		if (retries != null && retries != 0) {
			retriesOff("spring.ai.anthropic.max-retries", retries);
		}
		properties.setMaxRetries(0);
	}

}
