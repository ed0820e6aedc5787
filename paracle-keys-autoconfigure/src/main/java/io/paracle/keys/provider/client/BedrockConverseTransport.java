package io.paracle.keys.provider.client;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

import io.paracle.keys.provider.ChatMessage;
import io.paracle.keys.provider.ChatRequest;
import io.paracle.keys.provider.ChatResponse;
import io.paracle.keys.provider.ChatRole;
import io.paracle.keys.provider.ChatStream;
import io.paracle.keys.provider.LlmProviderException;
import io.paracle.keys.resolve.ApiKey;
import org.jspecify.annotations.Nullable;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClientBuilder;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ConversationRole;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseRequest;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseResponse;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamRequest;
import software.amazon.awssdk.services.bedrockruntime.model.InferenceConfiguration;
import software.amazon.awssdk.services.bedrockruntime.model.Message;
import software.amazon.awssdk.services.bedrockruntime.model.SystemContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.TokenUsage;

/**
 * AWS Bedrock through the AWS SDK v2 {@link BedrockRuntimeClient}: chat is the Converse API
 * ({@code POST /model/{modelId}/converse}, signed with SigV4), streaming is ConverseStream through
 * {@link BedrockConverseStreamClient}, the key check is {@code ListAsyncInvokes}.
 * Credentials are the configuration's current access key pair, read on every call, else the AWS default
 * credentials chain. SDK retries are off (as for the HTTP providers); connect and read timeout together bound
 * each call ({@code apiCallTimeout}). Loaded only after {@link BedrockProvider} checked that the SDK is present.
 *
 * @author paracle-keys
 */
final class BedrockConverseTransport implements ProviderTransport {

	/** The SDK reads the headers of an answer itself: none reach the key pool. */
	static final Function<String, @Nullable String> NO_HEADERS = (name) -> null;

	private final LlmProviderContext context;

	private final DefaultCredentialsProvider defaultCredentials;

	private final BedrockRuntimeClient client;

	private volatile @Nullable BedrockConverseStreamClient streamClient;

	private boolean closed;

	BedrockConverseTransport(LlmProviderContext context) {
		this.context = context;
		this.defaultCredentials = DefaultCredentialsProvider.builder().build();
		Duration timeout = context.connectTimeout().plus(context.readTimeout());
		BedrockRuntimeClientBuilder builder = BedrockRuntimeClient.builder()
			.credentialsProvider(this.defaultCredentials)
			.overrideConfiguration((configuration) -> configuration.retryStrategy(AwsRetryStrategy.doNotRetry())
				.apiCallTimeout(timeout)
				.apiCallAttemptTimeout(timeout));
		if (context.region() != null) {
			builder.region(Region.of(context.region()));
		}
		if (context.baseUrl() != null) {
			builder.endpointOverride(URI.create(context.baseUrl()));
		}
		try {
			this.client = builder.build();
		}
		catch (SdkClientException ex) {
			this.defaultCredentials.close();
			throw new IllegalStateException("Provider '" + context.name()
					+ "' (AWS Bedrock) could not create its client: " + ex.getMessage() + " Set paracle.providers."
					+ context.name() + ".region (or AWS_DEFAULT_REGION) to the region of your Bedrock models.", ex);
		}
	}

	@Override
	public boolean requiresKey() {
		return false;
	}

	@Override
	public ChatResponse chat(ChatRequest request, String model, @Nullable ApiKey key, ExchangeAttempt attempt) {
		ConverseInput input = ConverseInput.of(request);
		ConverseRequest.Builder converse = ConverseRequest.builder().modelId(model).messages(input.messages());
		if (!input.system().isEmpty()) {
			converse.system(input.system());
		}
		if (input.inference() != null) {
			converse.inferenceConfig(input.inference());
		}
		AwsRequestOverrideConfiguration credentials = credentials(key);
		if (credentials != null) {
			converse.overrideConfiguration(credentials);
		}
		ConverseResponse response = execute(() -> this.client.converse(converse.build()), attempt);
		attempt.responded(response.sdkHttpResponse().statusCode(), NO_HEADERS);
		StringBuilder text = new StringBuilder();
		if (response.output() == null || response.output().message() == null) {
			throw attempt.noAnswerInBody(response.sdkHttpResponse().statusCode(), "no output message");
		}
		for (ContentBlock block : response.output().message().content()) {
			if (block.text() != null) {
				text.append(block.text());
			}
		}
		TokenUsage usage = response.usage();
		return new ChatResponse(text.toString(), response.stopReasonAsString(),
				(usage != null && usage.inputTokens() != null) ? usage.inputTokens() : 0,
				(usage != null && usage.outputTokens() != null) ? usage.outputTokens() : 0,
				response.responseMetadata().requestId(), model);
	}

	@Override
	public boolean streams() {
		return true;
	}

	@Override
	public ChatStream stream(ChatRequest request, String model, @Nullable ApiKey key, ExchangeAttempt attempt) {
		ConverseInput input = ConverseInput.of(request);
		ConverseStreamRequest.Builder converse = ConverseStreamRequest.builder()
			.modelId(model)
			.messages(input.messages());
		if (!input.system().isEmpty()) {
			converse.system(input.system());
		}
		if (input.inference() != null) {
			converse.inferenceConfig(input.inference());
		}
		AwsRequestOverrideConfiguration credentials = credentials(key);
		if (credentials != null) {
			converse.overrideConfiguration(credentials);
		}
		return streamClient().stream(converse.build(), model, attempt);
	}

	/**
	 * Return the asynchronous client of ConverseStream, created on the first stream: it starts the SDK's Netty
	 * event loop, which an application that only chats does not need.
	 */
	private BedrockConverseStreamClient streamClient() {
		BedrockConverseStreamClient client = this.streamClient;
		if (client == null) {
			synchronized (this) {
				if (this.closed) {
					throw new IllegalStateException("The provider is closed");
				}
				client = this.streamClient;
				if (client == null) {
					client = new BedrockConverseStreamClient(this.context, this.defaultCredentials);
					this.streamClient = client;
				}
			}
		}
		return client;
	}

	@Override
	public List<String> listModels(@Nullable ApiKey key, ExchangeAttempt attempt) {
		throw new UnsupportedOperationException(BedrockProvider.NO_MODEL_LISTING);
	}

	@Override
	public int verify(@Nullable ApiKey key, ExchangeAttempt attempt) {
		AwsRequestOverrideConfiguration credentials = credentials(key);
		int status = execute(() -> this.client.listAsyncInvokes((request) -> {
			request.maxResults(1);
			if (credentials != null) {
				request.overrideConfiguration(credentials);
			}
		}), attempt).sdkHttpResponse().statusCode();
		attempt.responded(status, NO_HEADERS);
		return status;
	}

	private <T> T execute(Supplier<T> action, ExchangeAttempt attempt) {
		try {
			return action.get();
		}
		catch (AwsServiceException ex) {
			int status = ex.statusCode();
			attempt.responded(status, NO_HEADERS);
			throw failed(ex, status, attempt);
		}
		catch (SdkClientException ex) {
			throw attempt.noAnswer(ex);
		}
	}

	/**
	 * Return the starter's exception for an error of the service, classified by its status as every other answer.
	 * @param ex the SDK's exception
	 * @param status the status to classify it by
	 * @param attempt the attempt
	 * @return the exception to throw
	 */
	static LlmProviderException failed(AwsServiceException ex, int status, ExchangeAttempt attempt) {
		AwsErrorDetails details = ex.awsErrorDetails();
		String retryAfter = null;
		String detail = ex.getMessage();
		if (details != null) {
			detail = details.errorCode() + ": " + details.errorMessage();
			if (details.sdkHttpResponse() != null) {
				retryAfter = details.sdkHttpResponse().firstMatchingHeader("Retry-After").orElse(null);
			}
		}
		return attempt.failed(status, retryAfter, detail);
	}

	/**
	 * Return the static credentials of a key pair, or {@code null} for the client's default chain.
	 */
	private @Nullable AwsRequestOverrideConfiguration credentials(@Nullable ApiKey key) {
		if (key == null) {
			return null;
		}
		String keyId = key.keyId();
		if (keyId == null) {
			throw new IllegalArgumentException("Provider '" + this.context.name()
					+ "' (AWS Bedrock) needs an AWS access key pair: create the key with ApiKey.of(accessKeyId, "
					+ "secretAccessKey, origin)");
		}
		AwsCredentials credentials = AwsBasicCredentials.create(keyId, key.secret());
		String sessionToken = keyId.startsWith("ASIA") && this.context.isDefaultConfiguration()
				? this.context.property("AWS_SESSION_TOKEN") : null;
		if (sessionToken != null && !sessionToken.isBlank()) {
			credentials = AwsSessionCredentials.create(keyId, key.secret(), sessionToken);
		}
		return AwsRequestOverrideConfiguration.builder()
			.credentialsProvider(StaticCredentialsProvider.create(credentials))
			.build();
	}

	@Override
	public void close() {
		BedrockConverseStreamClient streamClient;
		synchronized (this) {
			this.closed = true;
			streamClient = this.streamClient;
		}
		if (streamClient != null) {
			streamClient.close();
		}
		this.client.close();
		this.defaultCredentials.close();
	}

	/**
	 * The messages, system prompt and inference settings of a request, as Converse and ConverseStream take them.
	 */
	private record ConverseInput(List<Message> messages, List<SystemContentBlock> system,
			@Nullable InferenceConfiguration inference) {

		static ConverseInput of(ChatRequest request) {
			List<Message> messages = new ArrayList<>();
			List<SystemContentBlock> system = new ArrayList<>();
			for (ChatMessage message : request.messages()) {
				if (message.role() == ChatRole.SYSTEM) {
					system.add(SystemContentBlock.fromText(message.content()));
				}
				else {
					messages.add(Message.builder()
						.role((message.role() == ChatRole.USER) ? ConversationRole.USER : ConversationRole.ASSISTANT)
						.content(ContentBlock.fromText(message.content()))
						.build());
				}
			}
			InferenceConfiguration inference = null;
			if (request.temperature() != null || request.maxTokens() != null) {
				InferenceConfiguration.Builder builder = InferenceConfiguration.builder();
				if (request.temperature() != null) {
					builder.temperature(request.temperature().floatValue());
				}
				if (request.maxTokens() != null) {
					builder.maxTokens(request.maxTokens());
				}
				inference = builder.build();
			}
			return new ConverseInput(messages, system, inference);
		}

	}

}
