package io.paracle.keys.provider.client;

/**
 * Cohere client, {@code paracle.providers.cohere}: the v2 chat API ({@code POST /v2/chat}) with
 * {@code Authorization: Bearer <key>}.
 *
 * @author paracle-keys
 */
public class CohereProvider extends AbstractLlmProvider {

	/**
	 * Create a client.
	 * @param context the context of a provider configuration of type {@code cohere}
	 */
	public CohereProvider(LlmProviderContext context) {
		super(context, "cohere");
	}

}
