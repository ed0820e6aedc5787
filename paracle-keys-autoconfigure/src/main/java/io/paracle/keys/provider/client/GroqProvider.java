package io.paracle.keys.provider.client;

/**
 * Groq client, {@code paracle.providers.groq}: the OpenAI chat completions format at the catalog's base URL
 * ({@code https://api.groq.com/openai/v1}).
 *
 * @author paracle-keys
 */
public class GroqProvider extends OpenAiCompatibleProvider {

	/**
	 * Create a client.
	 * @param context the context of a provider configuration of type {@code groq}
	 */
	public GroqProvider(LlmProviderContext context) {
		super(context, "groq");
	}

}
