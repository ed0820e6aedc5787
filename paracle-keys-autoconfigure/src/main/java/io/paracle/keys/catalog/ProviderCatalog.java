package io.paracle.keys.catalog;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

/**
 * The 14 supported providers as data. A provider's behaviour follows from its entry: most speak the OpenAI
 * format and differ only in base URL, key variables and key shape.
 *
 * @author paracle-keys
 */
public final class ProviderCatalog {

	/** Catalog id of OpenAI. */
	public static final String OPENAI = "openai";

	/** Catalog id of Anthropic. */
	public static final String ANTHROPIC = "anthropic";

	/** Catalog id of Google Gemini. */
	public static final String GEMINI = "gemini";

	/** Catalog id of Azure OpenAI. */
	public static final String AZURE_OPENAI = "azure-openai";

	/** Catalog id of AWS Bedrock. */
	public static final String BEDROCK = "bedrock";

	private static final List<ProviderDescriptor> PROVIDERS = List.of(
			openAiCompatible(OPENAI, "OpenAI", "OPENAI_API_KEY", "https://api.openai.com/v1", List.of("sk-"),
					"gpt-4o-mini", "https://platform.openai.com/signup", "https://platform.openai.com/api-keys"),
			new ProviderDescriptor(ANTHROPIC, "Anthropic (Claude)", List.of("CLAUDE_API_KEY", "ANTHROPIC_API_KEY"),
					List.of(), "https://api.anthropic.com", KeyTransport.X_API_KEY, List.of("sk-ant-"),
					WireFormat.ANTHROPIC, "claude-3-5-haiku-latest", "https://console.anthropic.com/",
					"https://console.anthropic.com/settings/keys"),
			new ProviderDescriptor(GEMINI, "Google AI (Gemini)", List.of("GEMINI_API_KEY", "GOOGLE_API_KEY"), List.of(),
					"https://generativelanguage.googleapis.com", KeyTransport.X_GOOG_API_KEY, List.of("AIza"),
					WireFormat.GEMINI, "gemini-2.0-flash", "https://makersuite.google.com/",
					"https://makersuite.google.com/app/apikey"),
			new ProviderDescriptor(AZURE_OPENAI, "Azure OpenAI", List.of("AZURE_OPENAI_API_KEY"),
					List.of("AZURE_OPENAI_ENDPOINT", "AZURE_OPENAI_API_VERSION"), null, KeyTransport.API_KEY, List.of(),
					WireFormat.AZURE_OPENAI, "gpt-4o-mini", "https://portal.azure.com/",
					"https://portal.azure.com/#view/Microsoft_Azure_ProjectOxford/CognitiveServicesHub/~/OpenAI"),
			new ProviderDescriptor(BEDROCK, "AWS Bedrock", List.of("AWS_ACCESS_KEY_ID"),
					List.of("AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_DEFAULT_REGION", "AWS_REGION"), null,
					KeyTransport.AWS_SIGV4, List.of("AKIA", "ASIA"), WireFormat.BEDROCK,
					"anthropic.claude-3-haiku-20240307-v1:0", "https://console.aws.amazon.com/bedrock/",
					"https://console.aws.amazon.com/iam/home#/security_credentials"),
			openAiCompatible("xai", "xAI (Grok)", "XAI_API_KEY", "https://api.x.ai/v1", List.of("xai-"), "grok-3-mini",
					"https://x.ai/", "https://console.x.ai/"),
			openAiCompatible("deepseek", "DeepSeek", "DEEPSEEK_API_KEY", "https://api.deepseek.com", List.of("sk-"),
					"deepseek-chat", "https://platform.deepseek.com/", "https://platform.deepseek.com/api_keys"),
			openAiCompatible("groq", "Groq", "GROQ_API_KEY", "https://api.groq.com/openai/v1", List.of("gsk_"),
					"llama-3.3-70b-versatile", "https://console.groq.com/", "https://console.groq.com/keys"),
			openAiCompatible("mistral", "Mistral AI", "MISTRAL_API_KEY", "https://api.mistral.ai/v1", List.of(),
					"mistral-small-latest", "https://console.mistral.ai/", "https://console.mistral.ai/api-keys"),
			new ProviderDescriptor("cohere", "Cohere", List.of("COHERE_API_KEY"), List.of(), "https://api.cohere.com",
					KeyTransport.BEARER, List.of(), WireFormat.COHERE, "command-r-plus", "https://dashboard.cohere.com/",
					"https://dashboard.cohere.com/api-keys"),
			openAiCompatible("together", "Together AI", "TOGETHER_API_KEY", "https://api.together.xyz/v1", List.of(),
					"meta-llama/Llama-3.3-70B-Instruct-Turbo", "https://api.together.xyz/",
					"https://api.together.xyz/settings/api-keys"),
			openAiCompatible("perplexity", "Perplexity", "PERPLEXITY_API_KEY", "https://api.perplexity.ai",
					List.of("pplx-"), "sonar", "https://www.perplexity.ai/", "https://www.perplexity.ai/settings/api"),
			openAiCompatible("openrouter", "OpenRouter", "OPENROUTER_API_KEY", "https://openrouter.ai/api/v1",
					List.of("sk-or-"), "openai/gpt-4o-mini", "https://openrouter.ai/", "https://openrouter.ai/keys"),
			openAiCompatible("fireworks", "Fireworks AI", "FIREWORKS_API_KEY", "https://api.fireworks.ai/inference/v1",
					List.of("fw_"), "accounts/fireworks/models/llama-v3p1-8b-instruct", "https://fireworks.ai/",
					"https://fireworks.ai/account/api-keys"));

	private static final Map<String, ProviderDescriptor> BY_ID = PROVIDERS.stream()
		.collect(Collectors.toMap(ProviderDescriptor::id, (descriptor) -> descriptor, (a, b) -> a, LinkedHashMap::new));

	private ProviderCatalog() {
	}

	private static ProviderDescriptor openAiCompatible(String id, String displayName, String variable, String baseUrl,
			List<String> prefixes, String model, String signupUrl, String keysUrl) {
		return new ProviderDescriptor(id, displayName, List.of(variable), List.of(), baseUrl, KeyTransport.BEARER,
				prefixes, WireFormat.OPENAI, model, signupUrl, keysUrl);
	}

	/**
	 * Return every provider, in catalog order.
	 * @return the providers
	 */
	public static List<ProviderDescriptor> all() {
		return PROVIDERS;
	}

	/**
	 * Return every catalog id, in catalog order.
	 * @return the ids
	 */
	public static List<String> ids() {
		return List.copyOf(BY_ID.keySet());
	}

	/**
	 * Find a provider by catalog id.
	 * @param id the catalog id
	 * @return the provider, or {@code null}
	 */
	public static @Nullable ProviderDescriptor find(@Nullable String id) {
		return (id != null) ? BY_ID.get(id) : null;
	}

	/**
	 * Return a provider by catalog id.
	 * @param id the catalog id
	 * @return the provider
	 * @throws IllegalArgumentException if the id is not in the catalog
	 */
	public static ProviderDescriptor get(String id) {
		ProviderDescriptor descriptor = find(id);
		if (descriptor == null) {
			throw new IllegalArgumentException("Unknown provider '" + id + "'; known providers: " + ids());
		}
		return descriptor;
	}

	/**
	 * Return the provider whose key shape fits the value best: the one with the longest matching key prefix.
	 * @param value a key value
	 * @return the best fitting provider (the first in catalog order on a tie), or {@code null} when no prefix
	 * matches
	 */
	public static @Nullable ProviderDescriptor bestShapeMatch(String value) {
		ProviderDescriptor best = null;
		int bestLength = 0;
		for (ProviderDescriptor descriptor : PROVIDERS) {
			int length = descriptor.matchedPrefixLength(value);
			if (length > bestLength) {
				best = descriptor;
				bestLength = length;
			}
		}
		return best;
	}

}
