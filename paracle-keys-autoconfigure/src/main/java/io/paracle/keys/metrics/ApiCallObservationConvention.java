package io.paracle.keys.metrics;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;

/**
 * {@link ObservationConvention} of provider calls. Declare a bean to change the observation's name, span name
 * or key values; the meters of {@link ApiCallMetrics} do not depend on it.
 *
 * @author paracle-keys
 * @see DefaultApiCallObservationConvention
 */
public interface ApiCallObservationConvention extends ObservationConvention<ApiCallObservationContext> {

	@Override
	default boolean supportsContext(Observation.Context context) {
		return context instanceof ApiCallObservationContext;
	}

}
