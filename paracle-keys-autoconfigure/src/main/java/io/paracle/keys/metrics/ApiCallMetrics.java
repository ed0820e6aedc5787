package io.paracle.keys.metrics;

/**
 * Names of the meters, tags and observation of provider calls. These names are a contract: dashboards and the
 * guide's alert rule {@code rate(api_calls_total[5m]) > 100} depend on them.
 * <table>
 * <caption>Meters</caption>
 * <tr><th>Meter</th><th>Type</th><th>Prometheus</th><th>Tags</th></tr>
 * <tr><td>{@value #CALLS}</td><td>counter</td><td>{@code api_calls_total}</td><td>{@value #PROVIDER},
 * {@value #OPERATION}, {@value #OUTCOME}, {@value #STATUS}</td></tr>
 * <tr><td>{@value #DURATION}</td><td>timer</td><td>{@code api_call_duration_seconds_count|sum|max}</td>
 * <td>as {@value #CALLS}</td></tr>
 * <tr><td>{@value #TOKEN_USAGE}</td><td>distribution summary (histogram)</td>
 * <td>{@code gen_ai_client_token_usage_bucket|count|sum|max}</td><td>{@value #PROVIDER}, {@value #GEN_AI_PROVIDER},
 * {@value #GEN_AI_OPERATION}, {@value #GEN_AI_REQUEST_MODEL}, {@value #GEN_AI_RESPONSE_MODEL},
 * {@value #SERVER_ADDRESS}, {@value #SERVER_PORT}, {@value #TOKEN_TYPE}</td></tr>
 * <tr><td>{@value #GEN_AI_OPERATION_DURATION}</td><td>timer (histogram)</td>
 * <td>{@code gen_ai_client_operation_duration_seconds_bucket|count|sum|max}</td><td>as {@value #TOKEN_USAGE},
 * {@value #ERROR_TYPE} instead of {@value #TOKEN_TYPE}</td></tr>
 * <tr><td>{@value #ROUTE_FALLBACKS}</td><td>counter</td><td>{@code paracle_route_fallbacks_total}</td>
 * <td>{@code route}, {@code from}, {@code to}, {@code reason}</td></tr>
 * </table>
 *
 * @author paracle-keys
 */
public final class ApiCallMetrics {

	/** Counter of calls: one per call, whatever the outcome. */
	public static final String CALLS = "api.calls";

	/** Timer of calls: the latency of each call, with the tags of {@link #CALLS}. */
	public static final String DURATION = "api.call.duration";

	/**
	 * Histogram (distribution summary with the conventions' buckets) of the tokens of each chat call, one per token
	 * type (OpenTelemetry GenAI).
	 */
	public static final String TOKEN_USAGE = "gen_ai.client.token.usage";

	/** Histogram (timer with the conventions' buckets) of each GenAI operation's duration (OpenTelemetry GenAI). */
	public static final String GEN_AI_OPERATION_DURATION = "gen_ai.client.operation.duration";

	/** Counter of calls a route moved from one member to the next, tags {@code route, from, to, reason}. */
	public static final String ROUTE_FALLBACKS = "paracle.route.fallbacks";

	/** Histogram of the time from the start of a streamed call to its first chunk, in seconds (OpenTelemetry GenAI). */
	public static final String TIME_TO_FIRST_CHUNK = "gen_ai.client.operation.time_to_first_chunk";

	/** Name of the observation around each call (the span name is "{operation} {provider}"). */
	public static final String OBSERVATION = "paracle.api.call";

	/** Tag: the provider configuration name ({@code openai}, {@code openai-eu}), or the name in {@link TrackApiCall}. */
	public static final String PROVIDER = "provider";

	/** Tag: {@link #OPERATION_CHAT}, {@link #OPERATION_MODELS}, {@link #OPERATION_VERIFY}, or a user's name. */
	public static final String OPERATION = "operation";

	/** Tag: the {@link ApiCallOutcome#tagValue() outcome}. */
	public static final String OUTCOME = "outcome";

	/** Tag: the HTTP status of the answer, or {@link #STATUS_NONE}. */
	public static final String STATUS = "status";

	/** Value of {@link #STATUS} when there was no HTTP answer (I/O error, timeout, a method without status). */
	public static final String STATUS_NONE = "none";

	/** Operation of {@code LlmProvider.chat}. */
	public static final String OPERATION_CHAT = "chat";

	/** Operation of {@code LlmProvider.listModels}. */
	public static final String OPERATION_MODELS = "models";

	/** Operation of {@code LlmProvider.verifyKey}. */
	public static final String OPERATION_VERIFY = "verify";

	/** Tag of {@link #TOKEN_USAGE}: {@code input} or {@code output}. */
	public static final String TOKEN_TYPE = "gen_ai.token.type";

	/** Tag of {@link #TOKEN_USAGE}: the OpenTelemetry name of the provider ({@code openai}, {@code gcp.gemini}, ...). */
	public static final String GEN_AI_PROVIDER = "gen_ai.provider.name";

	/**
	 * Tag of the GenAI meters and key of the observation, instead of {@link #GEN_AI_PROVIDER}, with
	 * {@code paracle.metrics.gen-ai.conventions=v1-36} (the name of the conventions up to v1.36).
	 */
	public static final String GEN_AI_SYSTEM = "gen_ai.system";

	/** Tag of {@link #TOKEN_USAGE}: the operation ({@code chat}). */
	public static final String GEN_AI_OPERATION = "gen_ai.operation.name";

	/** Tag of {@link #TOKEN_USAGE}: the model that was requested. */
	public static final String GEN_AI_REQUEST_MODEL = "gen_ai.request.model";

	/** Tag of the GenAI meters, high cardinality key of the observation: the model that answered. */
	public static final String GEN_AI_RESPONSE_MODEL = "gen_ai.response.model";

	/** Tag of the GenAI meters and the observation: the host of the provider's API. */
	public static final String SERVER_ADDRESS = "server.address";

	/** Tag of the GenAI meters and the observation: the port of the provider's API. */
	public static final String SERVER_PORT = "server.port";

	/**
	 * Tag of {@link #GEN_AI_OPERATION_DURATION} and key of the observation of a failed call: the HTTP status, else
	 * the class of the failure ({@code java.net.SocketTimeoutException}); empty on the meter when the call succeeded.
	 */
	public static final String ERROR_TYPE = "error.type";

	/** High cardinality key of the observation: the input tokens of a chat call. */
	public static final String GEN_AI_INPUT_TOKENS = "gen_ai.usage.input_tokens";

	/** High cardinality key of the observation: the output tokens of a chat call. */
	public static final String GEN_AI_OUTPUT_TOKENS = "gen_ai.usage.output_tokens";

	private ApiCallMetrics() {
	}

}
