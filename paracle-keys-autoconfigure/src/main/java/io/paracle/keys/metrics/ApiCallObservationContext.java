package io.paracle.keys.metrics;

import io.micrometer.observation.Observation;
import org.jspecify.annotations.Nullable;

/**
 * The {@link Observation.Context} of one provider call ({@value ApiCallMetrics#OBSERVATION}): what was called
 * and, once the call ended, how it ended. Never holds a key, a URL or message text.
 *
 * @author paracle-keys
 */
public class ApiCallObservationContext extends Observation.Context {

	private final String provider;

	private final @Nullable String providerType;

	private final String operation;

	private final @Nullable String requestModel;

	private final @Nullable GenAiTarget target;

	private final @Nullable String providerName;

	private final @Nullable String serverAddress;

	private final int serverPort;

	private ApiCallOutcome outcome = ApiCallOutcome.SUCCESS;

	private @Nullable String errorType;

	private int status;

	private @Nullable String responseModel;

	private long inputTokens = -1;

	private long outputTokens = -1;

	/**
	 * Create a context.
	 * @param provider the provider configuration name
	 * @param providerType the catalog id of the provider, or {@code null} when unknown ({@link TrackApiCall})
	 * @param operation the operation
	 * @param requestModel the requested model, or {@code null}
	 */
	public ApiCallObservationContext(String provider, @Nullable String providerType, String operation,
			@Nullable String requestModel) {
		this.provider = provider;
		this.providerType = providerType;
		this.operation = operation;
		this.requestModel = requestModel;
		this.target = null;
		this.providerName = (providerType != null) ? GenAiProviderNames.of(providerType) : null;
		this.serverAddress = null;
		this.serverPort = 0;
	}

	/**
	 * Create a context for a call of a provider configuration, with the server it talks to.
	 * @param target the configuration and its server
	 * @param operation the operation
	 * @param requestModel the requested model, or {@code null}
	 */
	public ApiCallObservationContext(GenAiTarget target, String operation, @Nullable String requestModel) {
		this.provider = target.provider();
		this.providerType = target.providerType();
		this.operation = operation;
		this.requestModel = requestModel;
		this.target = target;
		this.providerName = target.providerName();
		this.serverAddress = target.serverAddress().isEmpty() ? null : target.serverAddress();
		this.serverPort = target.serverPort();
	}

	/**
	 * Return the configuration and the server it talks to.
	 * @return the target, or {@code null} for calls that are not a configuration's ({@link TrackApiCall})
	 */
	public @Nullable GenAiTarget getTarget() {
		return this.target;
	}

	/**
	 * Return the OpenTelemetry {@value ApiCallMetrics#GEN_AI_PROVIDER} of the provider.
	 * @return the name, or {@code null} when the catalog id is unknown
	 */
	public @Nullable String getProviderName() {
		return this.providerName;
	}

	/**
	 * Return the host of the provider's API.
	 * @return the host, or {@code null} when not known
	 */
	public @Nullable String getServerAddress() {
		return this.serverAddress;
	}

	/**
	 * Return the port of the provider's API.
	 * @return the port, or {@code 0} when not known
	 */
	public int getServerPort() {
		return this.serverPort;
	}

	/**
	 * Return the {@value ApiCallMetrics#ERROR_TYPE} of a failed call.
	 * @return the HTTP status or the failure's class, {@code null} when the call succeeded or runs
	 */
	public @Nullable String getErrorType() {
		return this.errorType;
	}

	/**
	 * Return the provider configuration name.
	 * @return the name
	 */
	public String getProvider() {
		return this.provider;
	}

	/**
	 * Return the catalog id of the provider.
	 * @return the catalog id, or {@code null} when unknown
	 */
	public @Nullable String getProviderType() {
		return this.providerType;
	}

	/**
	 * Return the operation.
	 * @return the operation
	 */
	public String getOperation() {
		return this.operation;
	}

	/**
	 * Return the requested model.
	 * @return the model, or {@code null}
	 */
	public @Nullable String getRequestModel() {
		return this.requestModel;
	}

	/**
	 * Return how the call ended ({@link ApiCallOutcome#SUCCESS} until it ends).
	 * @return the outcome
	 */
	public ApiCallOutcome getOutcome() {
		return this.outcome;
	}

	/**
	 * Return the HTTP status of the answer.
	 * @return the status, or {@code 0} when there was none
	 */
	public int getStatus() {
		return this.status;
	}

	/**
	 * Return the model that answered.
	 * @return the model, or {@code null}
	 */
	public @Nullable String getResponseModel() {
		return this.responseModel;
	}

	/**
	 * Return the input tokens of a chat call.
	 * @return the tokens, or {@code -1} when not reported
	 */
	public long getInputTokens() {
		return this.inputTokens;
	}

	/**
	 * Return the output tokens of a chat call.
	 * @return the tokens, or {@code -1} when not reported
	 */
	public long getOutputTokens() {
		return this.outputTokens;
	}

	void errorType(@Nullable String errorType) {
		this.errorType = errorType;
	}

	void end(ApiCallOutcome outcome, int status, @Nullable String responseModel, long inputTokens,
			long outputTokens) {
		this.outcome = outcome;
		this.status = status;
		this.responseModel = responseModel;
		this.inputTokens = inputTokens;
		this.outputTokens = outputTokens;
	}

}
