package io.paracle.keys.metrics;

import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.core.instrument.observation.MeterObservationHandler;
import io.micrometer.observation.Observation;

import org.springframework.core.Ordered;

/**
 * {@link MeterObservationHandler} of {@value ApiCallMetrics#OBSERVATION} observations that records nothing:
 * their meters are recorded by the {@link ApiCallRecorder}, the same with or without an observation registry.
 * Spring Boot applies the first meter handler that supports a context, so this handler, ordered first, keeps
 * the {@link DefaultMeterObservationHandler} from adding a second timer ({@value ApiCallMetrics#OBSERVATION})
 * and a long task timer for every call. Tracing handlers are a separate group and still see the observation.
 *
 * @author paracle-keys
 */
public class ApiCallMeterObservationHandler implements MeterObservationHandler<ApiCallObservationContext>, Ordered {

	@Override
	public boolean supportsContext(Observation.Context context) {
		return context instanceof ApiCallObservationContext;
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

}
