package io.paracle.keys.provider.client;

import io.paracle.keys.catalog.ProviderCatalog;

/**
 * Anthropic (Claude) client, {@code paracle.providers.anthropic}: the Messages API ({@code POST /v1/messages})
 * with the {@code x-api-key} and {@code anthropic-version: 2023-06-01} headers; system messages go in the
 * top-level {@code system} field and {@code max_tokens} is always sent (1024 unless the request sets it).
 *
 * @author paracle-keys
 */
public class AnthropicProvider extends AbstractLlmProvider {

	/**
	 * Create a client.
	 * @param context the context of a provider configuration of type {@code anthropic}
	 */
	public AnthropicProvider(LlmProviderContext context) {
		super(context, ProviderCatalog.ANTHROPIC);
	}

}
