package io.paracle.keys.provider.client;

/**
 * Mistral AI client, {@code paracle.providers.mistral}: the OpenAI chat completions format at the catalog's base URL
 * ({@code https://api.mistral.ai/v1}).
 *
 * @author paracle-keys
 */
public class MistralProvider extends OpenAiCompatibleProvider {

	/**
	 * Create a client.
	 * @param context the context of a provider configuration of type {@code mistral}
	 */
	public MistralProvider(LlmProviderContext context) {
		super(context, "mistral");
	}

}
