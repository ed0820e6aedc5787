package io.paracle.keys.provider.client;

/**
 * xAI (Grok) client, {@code paracle.providers.xai}: the OpenAI chat completions format at the catalog's base URL
 * ({@code https://api.x.ai/v1}).
 *
 * @author paracle-keys
 */
public class XaiProvider extends OpenAiCompatibleProvider {

	/**
	 * Create a client.
	 * @param context the context of a provider configuration of type {@code xai}
	 */
	public XaiProvider(LlmProviderContext context) {
		super(context, "xai");
	}

}
