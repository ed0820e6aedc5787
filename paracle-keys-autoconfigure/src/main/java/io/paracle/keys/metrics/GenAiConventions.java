package io.paracle.keys.metrics;

/**
 * Which version of the OpenTelemetry GenAI semantic conventions the GenAI meters and the observation follow
 * ({@code paracle.metrics.gen-ai.conventions}). The conventions renamed {@code gen_ai.system} to
 * {@code gen_ai.provider.name} in v1.37 (with {@code az.ai.*} becoming {@code azure.ai.*} and {@code xai}
 * {@code x_ai}), and ask instrumentations to let users pick the version while the GenAI conventions are in
 * development.
 *
 * @author paracle-keys
 */
public enum GenAiConventions {

	/**
	 * The latest experimental conventions (v1.37 and later): {@code gen_ai.provider.name} with {@code openai},
	 * {@code azure.ai.openai}, {@code x_ai}, ...
	 */
	LATEST,

	/**
	 * The conventions up to v1.36, for dashboards and backends built on them: {@code gen_ai.system} with
	 * {@code openai}, {@code az.ai.openai}, {@code xai}, ...
	 */
	V1_36;

	/** The property that selects the conventions. */
	public static final String PROPERTY = "paracle.metrics.gen-ai.conventions";

	/**
	 * Return the attribute that names the provider.
	 * @return {@code gen_ai.provider.name} or {@code gen_ai.system}
	 */
	public String providerAttribute() {
		return (this == LATEST) ? ApiCallMetrics.GEN_AI_PROVIDER : ApiCallMetrics.GEN_AI_SYSTEM;
	}

	/**
	 * Return the value of {@link #providerAttribute()} for a catalog id.
	 * @param catalogId the catalog id of the provider
	 * @return the well-known value of these conventions, else the catalog id
	 */
	public String providerName(String catalogId) {
		String name = GenAiProviderNames.of(catalogId);
		if (this == V1_36) {
			return switch (name) {
				case "azure.ai.openai" -> "az.ai.openai";
				case "x_ai" -> "xai";
				default -> name;
			};
		}
		return name;
	}

}
