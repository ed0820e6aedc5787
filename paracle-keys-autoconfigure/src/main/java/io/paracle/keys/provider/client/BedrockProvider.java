package io.paracle.keys.provider.client;

import java.util.List;

import io.paracle.keys.catalog.ProviderCatalog;
import io.paracle.keys.provider.ChatRequest;
import io.paracle.keys.provider.ChatStream;

/**
 * AWS Bedrock client, {@code paracle.providers.bedrock}: the Converse API of the AWS SDK v2
 * {@code BedrockRuntimeClient}, signed with SigV4. Credentials are the configuration's access key pair
 * ({@code access-key-id}/{@code secret-access-key}, {@code AWS_ACCESS_KEY_ID}/{@code AWS_SECRET_ACCESS_KEY}),
 * read on every call, else the AWS default credentials chain; the region is the {@code region} property,
 * {@code AWS_DEFAULT_REGION} or {@code AWS_REGION}; {@code base-url} overrides the endpoint.
 * <p>
 * With a configured region, the SDK client is built on the first call (else at creation, so that the SDK finds the
 * region or fails with the fix).
 * Needs {@code software.amazon.awssdk:bedrockruntime}, an optional dependency of the starter: without it,
 * creating this provider fails with a message (and, at startup, a failure analysis) that names the dependency.
 * {@link #stream(ChatRequest)} is ConverseStream ({@code POST /model/{modelId}/converse-stream}, an AWS event
 * stream) through the SDK's {@code BedrockRuntimeAsyncClient}, built on the first stream; it also needs the SDK's
 * asynchronous HTTP client {@code software.amazon.awssdk:netty-nio-client} (which {@code bedrockruntime} brings at
 * runtime unless excluded).
 * Bedrock Runtime has no model listing: {@link #listModels()} throws {@link UnsupportedOperationException}.
 * {@link #verifyKey()} calls {@code ListAsyncInvokes}, which needs the {@code bedrock:ListAsyncInvokes}
 * permission.
 *
 * @author paracle-keys
 */
public class BedrockProvider extends AbstractLlmProvider implements AutoCloseable {

	static final String NO_MODEL_LISTING = "Bedrock Runtime has no model listing; use ListFoundationModels of "
			+ "the Bedrock control plane API (software.amazon.awssdk:bedrock)";

	/**
	 * Create a client.
	 * @param context the context of a provider configuration of type {@code bedrock}
	 * @throws IllegalStateException when {@code software.amazon.awssdk:bedrockruntime} is not on the classpath
	 */
	public BedrockProvider(LlmProviderContext context) {
		super(context, ProviderCatalog.BEDROCK);
	}

	/**
	 * Stream the answer with ConverseStream, with the same key handling as {@link #chat(ChatRequest)}.
	 * @param request the request
	 * @return the open stream
	 * @throws IllegalStateException when {@code software.amazon.awssdk:netty-nio-client} is not on the classpath
	 * (thrown before any call is made)
	 */
	@Override
	public ChatStream stream(ChatRequest request) {
		if (!context().isBedrockAsyncHttpClientPresent()) {
			throw MissingBedrockSdkException.forStreaming(name());
		}
		return super.stream(request);
	}

	/**
	 * Not supported: Bedrock Runtime has no model listing.
	 * @return never
	 * @throws UnsupportedOperationException always
	 */
	@Override
	public List<String> listModels() {
		throw new UnsupportedOperationException(NO_MODEL_LISTING);
	}

	/**
	 * Close the AWS SDK client.
	 */
	@Override
	public void close() {
		transport().close();
	}

}
