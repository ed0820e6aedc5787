package io.paracle.keys.metrics;

import java.util.Arrays;

import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;

/**
 * Default {@link ApiCallObservationConvention}: observation {@value ApiCallMetrics#OBSERVATION}, span name
 * "{operation} {provider}" (e.g. {@code chat openai}), low cardinality keys {@code provider},
 * {@code operation}, {@code outcome} and {@code status}, high cardinality keys {@code gen_ai.request.model},
 * {@code gen_ai.response.model}, {@code gen_ai.usage.input_tokens} and {@code gen_ai.usage.output_tokens}
 * when known.
 *
 * @author paracle-keys
 */
public class DefaultApiCallObservationConvention implements ApiCallObservationConvention {

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
		int status = context.getStatus();
		return KeyValues.of(KeyValue.of(ApiCallMetrics.PROVIDER, context.getProvider()),
				KeyValue.of(ApiCallMetrics.OPERATION, context.getOperation()),
				KeyValue.of(ApiCallMetrics.OUTCOME, context.getOutcome().tagValue()),
				KeyValue.of(ApiCallMetrics.STATUS, (status != 0) ? Integer.toString(status) : ApiCallMetrics.STATUS_NONE));
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

}
