package io.paracle.keys.langchain4j;

import io.paracle.keys.provider.client.LlmProviderFactory;

/**
 * The factory of {@link ApacheTransport}s, in a class of its own so that {@link ParacleLangChain4j} loads without
 * Apache HttpClient 5.
 *
 * @author paracle-keys
 */
final class ApacheTransports {

	private ApacheTransports() {
	}

	static LangChain4jTransport.Factory of(LlmProviderFactory factory) {
		return (provider, connectTimeout, readTimeout, maxResponseBytes) -> new ApacheTransport(factory, provider,
				connectTimeout, readTimeout, maxResponseBytes);
	}

}
