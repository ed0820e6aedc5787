package io.paracle.keys.metrics;

import org.jspecify.annotations.Nullable;

/**
 * Records the meters of provider calls. The Micrometer implementation is {@link MicrometerApiCallRecorder};
 * this interface keeps the clients free of Micrometer types, so they run unmetered without it.
 * Implementations sit on every call: they must be thread-safe, and should not allocate on the hot path.
 *
 * @author paracle-keys
 */
public interface ApiCallRecorder {

	/**
	 * Record one call: increments {@value ApiCallMetrics#CALLS} and records {@value ApiCallMetrics#DURATION}.
	 * @param provider the provider configuration name
	 * @param operation the operation
	 * @param outcome how the call ended
	 * @param status the HTTP status, or {@code 0} when there was none
	 * @param durationNanos how long it took, in nanoseconds
	 */
	void record(String provider, String operation, ApiCallOutcome outcome, int status, long durationNanos);

	/**
	 * Record the token usage of one chat call ({@value ApiCallMetrics#TOKEN_USAGE}).
	 * @param provider the provider configuration name
	 * @param providerType the catalog id of the provider
	 * @param model the requested model
	 * @param inputTokens the input tokens
	 * @param outputTokens the output tokens
	 */
	void recordTokens(String provider, String providerType, String model, long inputTokens, long outputTokens);

	/**
	 * Record how long a streamed call took until its first chunk reached the caller. Does nothing by default.
	 * @param provider the provider configuration name
	 * @param providerType the catalog id of the provider, or {@code null}
	 * @param operation the operation
	 * @param model the requested model, or {@code null}
	 * @param nanos the time from the start of the call to its first chunk, in nanoseconds
	 */
	default void recordTimeToFirstChunk(String provider, @Nullable String providerType, String operation,
			@Nullable String model, long nanos) {
	}

	/**
	 * Record the token usage of one chat call ({@value ApiCallMetrics#TOKEN_USAGE}) with every attribute of the
	 * OpenTelemetry GenAI conventions. The default records it without server and answering model.
	 * @param target the configuration and the server it talks to
	 * @param requestModel the requested model, or {@code null}
	 * @param responseModel the model that answered, or {@code null}
	 * @param inputTokens the input tokens
	 * @param outputTokens the output tokens
	 */
	default void recordTokens(GenAiTarget target, @Nullable String requestModel, @Nullable String responseModel,
			long inputTokens, long outputTokens) {
		if (requestModel != null) {
			recordTokens(target.provider(), target.providerType(), requestModel, inputTokens, outputTokens);
		}
	}

	/**
	 * Record the duration of one GenAI operation ({@value ApiCallMetrics#GEN_AI_OPERATION_DURATION}); operations
	 * that are none ({@code models}, {@code verify}) are ignored. The default records nothing.
	 * @param target the configuration and the server it talks to
	 * @param operation the operation ({@code chat})
	 * @param requestModel the requested model, or {@code null}
	 * @param responseModel the model that answered, or {@code null}
	 * @param errorType the {@value ApiCallMetrics#ERROR_TYPE} of a failed call, {@code null} when it succeeded
	 * @param durationNanos how long it took, in nanoseconds
	 */
	default void recordOperation(GenAiTarget target, String operation, @Nullable String requestModel,
			@Nullable String responseModel, @Nullable String errorType, long durationNanos) {
	}

}
