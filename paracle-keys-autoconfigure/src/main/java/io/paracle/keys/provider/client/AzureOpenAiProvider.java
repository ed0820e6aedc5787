package io.paracle.keys.provider.client;

import io.paracle.keys.catalog.ProviderCatalog;

/**
 * Azure OpenAI client, {@code paracle.providers.azure-openai}:
 * {@code POST {endpoint}/openai/deployments/{deployment}/chat/completions?api-version=...} with the
 * {@code api-key} header. The endpoint is the {@code endpoint} property or {@code AZURE_OPENAI_ENDPOINT}, the
 * API version the {@code api-version} property, {@code AZURE_OPENAI_API_VERSION} or {@code 2023-12-01-preview},
 * the deployment the {@code deployment} property or the model.
 *
 * @author paracle-keys
 */
public class AzureOpenAiProvider extends AbstractLlmProvider {

	/**
	 * Create a client.
	 * @param context the context of a provider configuration of type {@code azure-openai}
	 */
	public AzureOpenAiProvider(LlmProviderContext context) {
		super(context, ProviderCatalog.AZURE_OPENAI);
	}

}
