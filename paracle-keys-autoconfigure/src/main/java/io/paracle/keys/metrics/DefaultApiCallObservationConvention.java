package io.paracle.keys.metrics;

import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;

/**
 * Default {@link ApiCallObservationConvention}: observation {@value ApiCallMetrics#OBSERVATION}, span name
 * "{operation} {provider}" (e.g. {@code chat openai}), low cardinality keys {@code provider},
 * {@code operation}, {@code outcome} and {@code status}, and those of the OpenTelemetry GenAI conventions when
 * known: {@code gen_ai.operation.name} ({@code chat} calls), {@code gen_ai.provider.name}, {@code server.address},
 * {@code server.port} and {@code error.type} (failed calls); high cardinality keys {@code gen_ai.request.model},
 * {@code gen_ai.response.model}, {@code gen_ai.usage.input_tokens} and {@code gen_ai.usage.output_tokens}
 * when known.
 *
 * @author paracle-keys
 */
public class DefaultApiCallObservationConvention implements ApiCallObservationConvention {

	private final GenAiConventions conventions;

	private final ConcurrentMap<GenAiTarget, LowCardinality> lowCardinality = new ConcurrentHashMap<>();

	/**
	 * Create a convention that follows the latest GenAI conventions.
	 */
	public DefaultApiCallObservationConvention() {
		this(GenAiConventions.LATEST);
	}

	/**
	 * Create a convention that follows the given version of the GenAI conventions.
	 * @param conventions the version ({@code gen_ai.provider.name} or {@code gen_ai.system})
	 */
	public DefaultApiCallObservationConvention(GenAiConventions conventions) {
		this.conventions = conventions;
	}

	@Override
	public String getName() {
		return ApiCallMetrics.OBSERVATION;
	}

	@Override
	public String getContextualName(ApiCallObservationContext context) {
		return context.getOperation() + " " + context.getProvider();
	}

	@Override
	public KeyValues getLowCardinalityKeyValues(ApiCallObservationContext context) {
		GenAiTarget target = context.getTarget();
		if (target == null || context.getErrorType() != null) {
			return lowCardinality(context);
		}
		// the same few sets on every call of a configuration (start, then each outcome and status): made once
		LowCardinality cached = this.lowCardinality.get(target);
		if (cached == null) {
			cached = this.lowCardinality.computeIfAbsent(target, (key) -> new LowCardinality());
		}
		return cached.get(this, context);
	}

	private KeyValues lowCardinality(ApiCallObservationContext context) {
		int status = context.getStatus();
		KeyValue[] values = new KeyValue[9];
		values[0] = KeyValue.of(ApiCallMetrics.PROVIDER, context.getProvider());
		values[1] = KeyValue.of(ApiCallMetrics.OPERATION, context.getOperation());
		values[2] = KeyValue.of(ApiCallMetrics.OUTCOME, context.getOutcome().tagValue());
		values[3] = KeyValue.of(ApiCallMetrics.STATUS,
				(status != 0) ? Integer.toString(status) : ApiCallMetrics.STATUS_NONE);
		int count = 4;
		String operationName = GenAiMeters.operationName(context.getOperation());
		if (operationName != null) {
			values[count++] = KeyValue.of(ApiCallMetrics.GEN_AI_OPERATION, operationName);
		}
		if (context.getProviderType() != null) {
			values[count++] = KeyValue.of(this.conventions.providerAttribute(),
					this.conventions.providerName(context.getProviderType()));
		}
		if (context.getServerAddress() != null) {
			values[count++] = KeyValue.of(ApiCallMetrics.SERVER_ADDRESS, context.getServerAddress());
			values[count++] = KeyValue.of(ApiCallMetrics.SERVER_PORT, Integer.toString(context.getServerPort()));
		}
		if (context.getErrorType() != null) {
			values[count++] = KeyValue.of(ApiCallMetrics.ERROR_TYPE, context.getErrorType());
		}
		return KeyValues.of(Arrays.copyOf(values, count));
	}

	@Override
	public KeyValues getHighCardinalityKeyValues(ApiCallObservationContext context) {
		// collected first and made into KeyValues once: each KeyValues.and copies and merges the whole set
		KeyValue[] values = new KeyValue[4];
		int count = 0;
		if (context.getRequestModel() != null) {
			values[count++] = KeyValue.of(ApiCallMetrics.GEN_AI_REQUEST_MODEL, context.getRequestModel());
		}
		if (context.getResponseModel() != null) {
			values[count++] = KeyValue.of(ApiCallMetrics.GEN_AI_RESPONSE_MODEL, context.getResponseModel());
		}
		if (context.getInputTokens() >= 0) {
			values[count++] = KeyValue.of(ApiCallMetrics.GEN_AI_INPUT_TOKENS, Long.toString(context.getInputTokens()));
		}
		if (context.getOutputTokens() >= 0) {
			values[count++] = KeyValue.of(ApiCallMetrics.GEN_AI_OUTPUT_TOKENS,
					Long.toString(context.getOutputTokens()));
		}
		return (count > 0) ? KeyValues.of((count < values.length) ? Arrays.copyOf(values, count) : values)
				: KeyValues.empty();
	}

	/**
	 * The low cardinality key values of one configuration's calls without error, by operation, outcome and status
	 * (an array replaced on write, read without locking; at most {@value #MAX_CACHED} sets).
	 */
	private static final class LowCardinality {

		private static final int MAX_CACHED = 32;

		private volatile Entry[] entries = new Entry[0];

		KeyValues get(DefaultApiCallObservationConvention convention, ApiCallObservationContext context) {
			for (Entry entry : this.entries) {
				if (entry.outcome() == context.getOutcome() && entry.status() == context.getStatus()
						&& entry.operation().equals(context.getOperation())) {
					return entry.values();
				}
			}
			KeyValues values = convention.lowCardinality(context);
			synchronized (this) {
				Entry[] current = this.entries;
				if (current.length < MAX_CACHED) {
					Entry[] next = Arrays.copyOf(current, current.length + 1);
					next[current.length] = new Entry(context.getOperation(), context.getOutcome(), context.getStatus(),
							values);
					this.entries = next;
				}
			}
			return values;
		}

	}

	private record Entry(String operation, ApiCallOutcome outcome, int status, KeyValues values) {

	}

}
