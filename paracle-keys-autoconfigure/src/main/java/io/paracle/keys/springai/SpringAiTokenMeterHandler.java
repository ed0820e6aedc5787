package io.paracle.keys.springai;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.Observation;

import org.springframework.ai.chat.observation.ChatModelMeterObservationHandler;

/**
 * Takes the place of Spring AI's {@link ChatModelMeterObservationHandler} and records nothing: paracle counts the
 * tokens of the Spring AI calls that run through it in {@code gen_ai.client.token.usage} (a distribution summary
 * tagged with the paracle configuration), the meter Spring AI's handler would record again as a counter under the
 * same name. Counted once, and no meter of two types under one name (which Prometheus refuses). Define a
 * {@code ChatModelMeterObservationHandler} bean of your own to get Spring AI's counter back.
 *
 * @author paracle-keys
 */
final class SpringAiTokenMeterHandler extends ChatModelMeterObservationHandler {

	SpringAiTokenMeterHandler(MeterRegistry meterRegistry) {
		super(meterRegistry);
	}

	@Override
	public boolean supportsContext(Observation.Context context) {
		return false;
	}

}
