package io.paracle.keys.provider.client;

/**
 * Perplexity client, {@code paracle.providers.perplexity}: the OpenAI chat completions format at the catalog's base URL
 * ({@code https://api.perplexity.ai}).
 *
 * @author paracle-keys
 */
public class PerplexityProvider extends OpenAiCompatibleProvider {

	/**
	 * Create a client.
	 * @param context the context of a provider configuration of type {@code perplexity}
	 */
	public PerplexityProvider(LlmProviderContext context) {
		super(context, "perplexity");
	}

}
