package io.paracle.keys.sample;

import io.paracle.keys.provider.ChatRequest;
import io.paracle.keys.provider.ChatResponse;
import io.paracle.keys.provider.LlmProviders;

import org.springframework.stereotype.Component;

/**
 * The default client of the test route: paracle's own typed client of the configuration.
 *
 * @author paracle-keys
 */
@Component
class ParacleSampleChatClient implements SampleChatClient {

	private final LlmProviders providers;

	ParacleSampleChatClient(LlmProviders providers) {
		this.providers = providers;
	}

	@Override
	public String name() {
		return PARACLE;
	}

	@Override
	public ChatResponse chat(String configuration, ChatRequest request) {
		return this.providers.get(configuration).chat(request);
	}

}
