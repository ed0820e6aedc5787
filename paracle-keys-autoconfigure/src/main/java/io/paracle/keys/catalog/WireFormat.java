package io.paracle.keys.catalog;

/**
 * The request and response format a provider speaks. Most providers share the OpenAI format and differ only
 * in base URL and key variables.
 *
 * @author paracle-keys
 */
public enum WireFormat {

	/** OpenAI chat completions: {@code POST {base}/chat/completions}, {@code GET {base}/models}. */
	OPENAI,

	/** Anthropic Messages API: {@code POST /v1/messages}. */
	ANTHROPIC,

	/** Gemini: {@code POST /v1beta/models/{model}:generateContent}. */
	GEMINI,

	/** Azure OpenAI: deployments under the resource endpoint, with an {@code api-version} query parameter. */
	AZURE_OPENAI,

	/** Cohere v2: {@code POST /v2/chat}. */
	COHERE,

	/** AWS Bedrock Runtime Converse API through the AWS SDK. */
	BEDROCK

}
