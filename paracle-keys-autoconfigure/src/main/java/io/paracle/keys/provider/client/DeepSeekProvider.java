package io.paracle.keys.provider.client;

/**
 * DeepSeek client, {@code paracle.providers.deepseek}: the OpenAI chat completions format at the catalog's base URL
 * ({@code https://api.deepseek.com}).
 *
 * @author paracle-keys
 */
public class DeepSeekProvider extends OpenAiCompatibleProvider {

	/**
	 * Create a client.
	 * @param context the context of a provider configuration of type {@code deepseek}
	 */
	public DeepSeekProvider(LlmProviderContext context) {
		super(context, "deepseek");
	}

}
