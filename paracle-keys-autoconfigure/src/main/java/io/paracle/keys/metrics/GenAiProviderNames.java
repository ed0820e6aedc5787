package io.paracle.keys.metrics;

import java.util.Map;

/**
 * The OpenTelemetry GenAI well-known {@code gen_ai.provider.name} of each catalog id; providers the
 * convention does not list keep their catalog id.
 *
 * @author paracle-keys
 */
final class GenAiProviderNames {

	private static final Map<String, String> NAMES = Map.of("gemini", "gcp.gemini", "azure-openai",
			"azure.ai.openai", "bedrock", "aws.bedrock", "xai", "x_ai", "mistral", "mistral_ai");

	private GenAiProviderNames() {
	}

	static String of(String catalogId) {
		return NAMES.getOrDefault(catalogId, catalogId);
	}

}
