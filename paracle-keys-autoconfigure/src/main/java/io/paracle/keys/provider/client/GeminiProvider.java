package io.paracle.keys.provider.client;

import io.paracle.keys.catalog.ProviderCatalog;

/**
 * Google Gemini client, {@code paracle.providers.gemini}:
 * {@code POST /v1beta/models/{model}:generateContent} with the key in the {@code x-goog-api-key} header, never
 * in the URL.
 *
 * @author paracle-keys
 */
public class GeminiProvider extends AbstractLlmProvider {

	/**
	 * Create a client.
	 * @param context the context of a provider configuration of type {@code gemini}
	 */
	public GeminiProvider(LlmProviderContext context) {
		super(context, ProviderCatalog.GEMINI);
	}

}
