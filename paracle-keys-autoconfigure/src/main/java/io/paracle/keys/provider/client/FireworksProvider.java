package io.paracle.keys.provider.client;

/**
 * Fireworks AI client, {@code paracle.providers.fireworks}: the OpenAI chat completions format at the catalog's base URL
 * ({@code https://api.fireworks.ai/inference/v1}).
 *
 * @author paracle-keys
 */
public class FireworksProvider extends OpenAiCompatibleProvider {

	/**
	 * Create a client.
	 * @param context the context of a provider configuration of type {@code fireworks}
	 */
	public FireworksProvider(LlmProviderContext context) {
		super(context, "fireworks");
	}

}
