package io.paracle.keys.provider.client;

/**
 * OpenRouter client, {@code paracle.providers.openrouter}: the OpenAI chat completions format at the catalog's base URL
 * ({@code https://openrouter.ai/api/v1}).
 *
 * @author paracle-keys
 */
public class OpenRouterProvider extends OpenAiCompatibleProvider {

	/**
	 * Create a client.
	 * @param context the context of a provider configuration of type {@code openrouter}
	 */
	public OpenRouterProvider(LlmProviderContext context) {
		super(context, "openrouter");
	}

}
