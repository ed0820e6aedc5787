package io.paracle.keys.sharedstate;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * The counter {@code paracle.shared-state.fallbacks} (Prometheus {@code paracle_shared_state_fallbacks_total}):
 * operations answered from this replica's own state because the store was down or slow, tagged {@code store}.
 *
 * @author paracle-keys
 */
class SharedStateMeterBinder implements MeterBinder {

	/** Name of the counter. */
	public static final String METER_NAME = "paracle.shared-state.fallbacks";

	private final SharedStateStatus status;

	SharedStateMeterBinder(SharedStateStatus status) {
		this.status = status;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		FunctionCounter.builder(METER_NAME, this.status, SharedStateStatus::fallbacks)
			.description("Shared-state operations answered from the replica's own state (store down or slow)")
			.tag("store", this.status.store())
			.register(registry);
	}

}
