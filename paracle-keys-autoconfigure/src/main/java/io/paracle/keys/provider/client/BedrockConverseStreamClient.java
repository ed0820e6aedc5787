package io.paracle.keys.provider.client;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

import io.paracle.keys.provider.ChatStream;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.http.Protocol;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClient;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClientBuilder;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamRequest;

/**
 * Bedrock's ConverseStream through the AWS SDK v2 {@link BedrockRuntimeAsyncClient} on the SDK's Netty HTTP client:
 * one per provider configuration, with the region, endpoint override and default credentials of its synchronous
 * client. SDK retries are off (the call pipeline retries, before the first chunk only); there is no
 * {@code apiCallTimeout}, which would bound the whole stream: the attempt's {@code timeout} bounds the wait for the
 * first chunk and then each gap between two chunks ({@link BedrockChatStream}). The only class that references
 * {@code software.amazon.awssdk:netty-nio-client}: loaded only after {@link BedrockProvider} checked it is present.
 *
 * @author paracle-keys
 */
final class BedrockConverseStreamClient implements AutoCloseable {

	/** Netty's own read timeout only backs up the stream's, which ends a stalled stream first. */
	private static final Duration READ_TIMEOUT_MARGIN = Duration.ofSeconds(1);

	private final LlmProviderContext context;

	private final BedrockRuntimeAsyncClient client;

	BedrockConverseStreamClient(LlmProviderContext context, AwsCredentialsProvider defaultCredentials) {
		this.context = context;
		BedrockRuntimeAsyncClientBuilder builder = BedrockRuntimeAsyncClient.builder()
			.credentialsProvider(defaultCredentials)
			// HTTP/1.1 (which ConverseStream accepts, as boto3 uses it) rather than the SDK's HTTP/2 default for
			// Bedrock Runtime: cancelling a stream then closes its connection instead of resetting one stream of a
			// shared connection, as for the HTTP providers
			.httpClientBuilder(NettyNioAsyncHttpClient.builder()
				.protocol(Protocol.HTTP1_1)
				.connectionTimeout(context.connectTimeout())
				.readTimeout(context.readTimeout().plus(READ_TIMEOUT_MARGIN)))
			.overrideConfiguration((configuration) -> configuration.retryStrategy(AwsRetryStrategy.doNotRetry()));
		if (context.region() != null) {
			builder.region(Region.of(context.region()));
		}
		if (context.baseUrl() != null) {
			builder.endpointOverride(URI.create(context.baseUrl()));
		}
		this.client = builder.build();
	}

	/**
	 * Send the request and wait for its first chunk.
	 * @param request the request, with the attempt's credentials
	 * @param model the requested model
	 * @param attempt the attempt
	 * @return the open stream
	 */
	ChatStream stream(ConverseStreamRequest request, String model, ExchangeAttempt attempt) {
		BedrockChatStream stream = new BedrockChatStream(this.context.name(), model, attempt,
				this.context.readTimeout(), this.context.maxResponseBytes());
		CompletableFuture<Void> call = this.client.converseStream(request, stream.handler());
		stream.open(call);
		return stream;
	}

	@Override
	public void close() {
		this.client.close();
	}

}
