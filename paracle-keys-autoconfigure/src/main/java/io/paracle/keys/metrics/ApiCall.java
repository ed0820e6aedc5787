package io.paracle.keys.metrics;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.paracle.keys.provider.LlmProviderException;
import org.jspecify.annotations.Nullable;

/**
 * One measured call, started by {@link ApiCallTracker#start}. Report the HTTP status, the token usage and
 * any error while the call runs, then {@link #stop()} it; everything reported after that is ignored. Not
 * thread-safe: one call belongs to one caller (the shared no-op call ignores everything).
 *
 * <pre class="code">
 * ApiCall call = tracker.start("openai", "openai", "chat", model);
 * try {
 *     ...
 *     call.status(200);
 * }
 * catch (RuntimeException ex) {
 *     call.error(ex);
 *     throw ex;
 * }
 * finally {
 *     call.stop();
 * }
 * </pre>
 *
 * @author paracle-keys
 */
public final class ApiCall {

	static final ApiCall NOOP = new ApiCall();

	private final @Nullable ApiCallRecorder recorder;

	private final String provider;

	private final @Nullable String providerType;

	private final String operation;

	private final @Nullable String model;

	private final @Nullable GenAiTarget target;

	private final long startNanos;

	private final @Nullable Observation observation;

	private Observation.@Nullable Scope scope;

	private int status;

	private @Nullable Throwable error;

	private @Nullable String responseModel;

	private long inputTokens = -1;

	private long outputTokens = -1;

	private boolean cancelled;

	private boolean firstChunk;

	private boolean stopped;

	private ApiCall() {
		this.recorder = null;
		this.provider = "";
		this.providerType = null;
		this.operation = "";
		this.model = null;
		this.target = null;
		this.startNanos = 0;
		this.observation = null;
		this.stopped = true;
	}

	ApiCall(@Nullable ApiCallRecorder recorder, String provider, @Nullable String providerType, String operation,
			@Nullable String model, @Nullable ObservationRegistry observationRegistry,
			@Nullable ApiCallObservationConvention convention, ApiCallObservationConvention defaultConvention) {
		this(recorder, provider, providerType,
				(providerType != null) ? GenAiTarget.of(provider, providerType, null) : null, operation, model,
				observationRegistry, convention, defaultConvention);
	}

	ApiCall(@Nullable ApiCallRecorder recorder, GenAiTarget target, String operation, @Nullable String model,
			@Nullable ObservationRegistry observationRegistry, @Nullable ApiCallObservationConvention convention,
			ApiCallObservationConvention defaultConvention) {
		this(recorder, target.provider(), target.providerType(), target, operation, model, observationRegistry,
				convention, defaultConvention);
	}

	private ApiCall(@Nullable ApiCallRecorder recorder, String provider, @Nullable String providerType,
			@Nullable GenAiTarget target, String operation, @Nullable String model,
			@Nullable ObservationRegistry observationRegistry, @Nullable ApiCallObservationConvention convention,
			ApiCallObservationConvention defaultConvention) {
		this.recorder = recorder;
		this.provider = provider;
		this.providerType = providerType;
		this.target = target;
		this.operation = operation;
		this.model = model;
		Observation observation = null;
		if (observationRegistry != null) {
			observation = Observation.createNotStarted(convention, defaultConvention,
					() -> (target != null) ? new ApiCallObservationContext(target, operation, model)
							: new ApiCallObservationContext(provider, providerType, operation, model),
					observationRegistry);
			if (observation.isNoop()) {
				observation = null;
			}
			else {
				observation.start();
				this.scope = observation.openScope();
			}
		}
		this.observation = observation;
		this.startNanos = System.nanoTime();
	}

	/**
	 * Report the HTTP status of the provider's answer.
	 * @param status the status
	 */
	public void status(int status) {
		if (this.stopped) {
			return;
		}
		this.status = status;
	}

	/**
	 * Report the token usage of a chat call; recorded as {@value ApiCallMetrics#TOKEN_USAGE} when the call
	 * succeeds.
	 * @param responseModel the model that answered, or {@code null}
	 * @param inputTokens the input tokens
	 * @param outputTokens the output tokens
	 */
	public void tokens(@Nullable String responseModel, long inputTokens, long outputTokens) {
		if (this.stopped) {
			return;
		}
		this.responseModel = responseModel;
		this.inputTokens = inputTokens;
		this.outputTokens = outputTokens;
	}

	/**
	 * Report the model that answered, when the answer carried no token usage
	 * ({@link #tokens(String, long, long)} reports it otherwise).
	 * @param responseModel the model that answered
	 */
	public void responseModel(@Nullable String responseModel) {
		if (this.stopped) {
			return;
		}
		this.responseModel = responseModel;
	}

	/**
	 * Report that the call failed; the outcome and the status follow from the exception
	 * ({@link ApiCallOutcome#of(Throwable)}).
	 * @param error the exception
	 */
	public void error(Throwable error) {
		if (this.stopped) {
			return;
		}
		this.error = error;
	}

	/**
	 * Report that the first chunk of a streamed call reached the caller: records the time to first chunk once.
	 */
	public void firstChunk() {
		if (this.stopped || this.firstChunk) {
			return;
		}
		this.firstChunk = true;
		ApiCallRecorder recorder = this.recorder;
		if (recorder != null) {
			recorder.recordTimeToFirstChunk(this.provider, this.providerType, this.operation, this.model,
					System.nanoTime() - this.startNanos);
		}
	}

	/**
	 * Report that the caller cancelled the call (a stream's subscriber cancelled): its outcome is
	 * {@link ApiCallOutcome#CANCELLED}, whatever error the cancellation caused.
	 */
	public void cancelled() {
		if (this.stopped) {
			return;
		}
		this.cancelled = true;
	}

	/**
	 * Close the observation scope opened by {@link ApiCallTracker#start} on this thread, before the call
	 * continues on another thread (asynchronous methods). {@link #stop()} does it otherwise.
	 */
	public void closeScope() {
		Observation.Scope scope = this.scope;
		if (scope != null) {
			this.scope = null;
			scope.close();
		}
	}

	/**
	 * End the call: record the meters and stop the observation.
	 */
	public void stop() {
		if (this.stopped) {
			return;
		}
		this.stopped = true;
		long duration = System.nanoTime() - this.startNanos;
		Throwable error = this.error;
		ApiCallOutcome outcome = this.cancelled ? ApiCallOutcome.CANCELLED
				: (error != null) ? ApiCallOutcome.of(error) : ApiCallOutcome.SUCCESS;
		if (this.cancelled) {
			error = null;
		}
		int status = (error != null) ? ApiCallOutcome.statusOf(error) : 0;
		if (status == 0) {
			status = this.status;
		}
		boolean tokens = outcome == ApiCallOutcome.SUCCESS && this.inputTokens >= 0 && this.outputTokens >= 0;
		String errorType = (error != null) ? errorType(error, status) : null;
		Observation observation = this.observation;
		if (observation != null) {
			((ApiCallObservationContext) observation.getContext()).errorType(errorType);
			((ApiCallObservationContext) observation.getContext()).end(outcome, status, this.responseModel,
					tokens ? this.inputTokens : -1, tokens ? this.outputTokens : -1);
			if (error != null) {
				observation.error(error);
			}
			closeScope();
			observation.stop();
		}
		ApiCallRecorder recorder = this.recorder;
		if (recorder != null) {
			recorder.record(this.provider, this.operation, outcome, status, duration);
			GenAiTarget target = this.target;
			if (target != null) {
				recorder.recordOperation(target, this.operation, this.model, this.responseModel, errorType, duration);
				if (tokens) {
					recorder.recordTokens(target, this.model, this.responseModel, this.inputTokens, this.outputTokens);
				}
			}
		}
	}

	/**
	 * The {@value ApiCallMetrics#ERROR_TYPE} of a failure: the HTTP status when there was an answer, else the
	 * class of what failed (the I/O failure under a provider exception).
	 */
	private static String errorType(Throwable error, int status) {
		if (status != 0) {
			return Integer.toString(status);
		}
		Throwable cause = error.getCause();
		return ((error instanceof LlmProviderException && cause != null) ? cause : error)
			.getClass()
			.getName();
	}

}
