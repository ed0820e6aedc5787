package io.paracle.keys.provider.client;

/**
 * Base of OpenAI and the eight providers that speak its chat completions format (xAI, DeepSeek, Groq, Mistral,
 * Together, Perplexity, OpenRouter, Fireworks): {@code POST {base}/chat/completions} and
 * {@code GET {base}/models} with {@code Authorization: Bearer <key>}. They differ only in their catalog entry
 * (base URL, key variables, default model).
 *
 * @author paracle-keys
 */
public abstract class OpenAiCompatibleProvider extends AbstractLlmProvider {

	OpenAiCompatibleProvider(LlmProviderContext context, String catalogId) {
		super(context, catalogId);
	}

}
