package io.paracle.keys.springai;

import io.paracle.keys.provider.client.LlmProviderContext;

/**
 * What the Spring AI models built for paracle configurations share.
 *
 * @author paracle-keys
 */
final class ChatModelSettings {

	/**
	 * The key handed to Spring AI's builders and SDK clients so they build: never sent, the interceptor
	 * replaces it with a key of the configuration on every request.
	 */
	static final String PLACEHOLDER_KEY = "paracle-managed";

	private ChatModelSettings() {
	}

	static String baseUrl(LlmProviderContext context) {
		String baseUrl = context.baseUrl();
		if (baseUrl == null) {
			baseUrl = context.descriptor().defaultBaseUrl();
		}
		if (baseUrl == null) {
			throw new IllegalStateException("Provider configuration '" + context.name()
					+ "' has no base URL; set paracle.providers." + context.name() + ".base-url");
		}
		return baseUrl;
	}

}
