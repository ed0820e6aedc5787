package io.paracle.keys.metrics;

import java.util.stream.Stream;

import io.micrometer.core.instrument.observation.MeterObservationHandler;
import io.micrometer.observation.ObservationHandler;

import org.springframework.util.ClassUtils;

/**
 * When the calls run in a {@value ApiCallMetrics#OBSERVATION} observation
 * ({@code paracle.metrics.observations}). The meters of {@link ApiCallMetrics} are recorded the same either way;
 * the observation is for the handlers that are not meter handlers: a tracer's, a text publisher, your own.
 *
 * @author paracle-keys
 */
public enum ApiCallObservationMode {

	/**
	 * Observe the calls when the application has an {@link ObservationHandler} bean that would see them and is
	 * not a meter handler (a tracer, for instance); otherwise skip the observation, which nothing would read.
	 */
	AUTO,

	/**
	 * Always observe the calls when there is an observation registry, for handlers registered on it directly
	 * rather than as beans.
	 */
	ALWAYS;

	private static final boolean METER_HANDLERS_PRESENT = ClassUtils.isPresent(
			"io.micrometer.core.instrument.observation.MeterObservationHandler", ApiCallObservationMode.class.getClassLoader());

	/**
	 * Return whether calls are observed in this mode, given the application's observation handler beans.
	 * {@link MeterObservationHandler}s do not count: Spring Boot hands a context to the first meter handler
	 * that supports it, which for paracle's calls is {@link ApiCallMeterObservationHandler}, recording nothing.
	 * @param handlers the observation handler beans
	 * @return whether to observe the calls
	 */
	public boolean observes(Stream<? extends ObservationHandler<?>> handlers) {
		if (this == ALWAYS) {
			return true;
		}
		ApiCallObservationContext sample = new ApiCallObservationContext("sample", "openai",
				ApiCallMetrics.OPERATION_CHAT, null);
		return handlers.anyMatch((handler) -> !isMeterHandler(handler) && handler.supportsContext(sample));
	}

	private static boolean isMeterHandler(ObservationHandler<?> handler) {
		return METER_HANDLERS_PRESENT && handler instanceof MeterObservationHandler;
	}

}
