package io.paracle.keys.provider.client;

import io.paracle.keys.catalog.WireFormat;

/**
 * Creates the wire format the catalog names for a provider type: the one place that maps a
 * {@link WireFormat} to its implementation.
 *
 * @author paracle-keys
 */
final class WireFormats {

	private WireFormats() {
	}

	static ProviderTransport transport(LlmProviderContext context) {
		return switch (context.descriptor().wireFormat()) {
			case OPENAI -> new OpenAiWire(context);
			case ANTHROPIC -> new AnthropicWire(context);
			case GEMINI -> new GeminiWire(context);
			case AZURE_OPENAI -> new AzureOpenAiWire(context);
			case COHERE -> new CohereWire(context);
			case BEDROCK -> bedrock(context);
		};
	}

	private static ProviderTransport bedrock(LlmProviderContext context) {
		if (!context.isBedrockSdkPresent()) {
			throw new MissingBedrockSdkException(context.name());
		}
		if (context.region() == null) {
			// the SDK looks for the region now, so that a missing one fails startup with the fix
			return new BedrockConverseTransport(context);
		}
		return new LazyProviderTransport(() -> new BedrockConverseTransport(context), false, true);
	}

}
