package io.paracle.keys.provider.client;

/**
 * OpenAI client, {@code paracle.providers.openai}: the OpenAI chat completions format at the catalog's base URL
 * ({@code https://api.openai.com/v1}).
 *
 * @author paracle-keys
 */
public class OpenAiProvider extends OpenAiCompatibleProvider {

	/**
	 * Create a client.
	 * @param context the context of a provider configuration of type {@code openai}
	 */
	public OpenAiProvider(LlmProviderContext context) {
		super(context, "openai");
	}

}
