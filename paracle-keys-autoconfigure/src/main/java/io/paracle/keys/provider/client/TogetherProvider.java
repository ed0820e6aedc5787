package io.paracle.keys.provider.client;

/**
 * Together AI client, {@code paracle.providers.together}: the OpenAI chat completions format at the catalog's base URL
 * ({@code https://api.together.xyz/v1}).
 *
 * @author paracle-keys
 */
public class TogetherProvider extends OpenAiCompatibleProvider {

	/**
	 * Create a client.
	 * @param context the context of a provider configuration of type {@code together}
	 */
	public TogetherProvider(LlmProviderContext context) {
		super(context, "together");
	}

}
