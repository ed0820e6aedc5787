package io.paracle.keys.metrics;

import java.util.ArrayList;
import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.paracle.keys.resolve.ApiKeysRotatedEvent;
import io.paracle.keys.rotation.KeyAge;
import io.paracle.keys.rotation.KeyAgePolicy;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationListener;

/**
 * The gauge {@code paracle.key.age} (Prometheus {@code paracle_key_age_days}): the age in days of every current
 * key whose creation time is known, tagged {@code provider} and {@code fingerprint}. Rows follow rotations.
 *
 * @author paracle-keys
 */
class KeyAgeMeterBinder implements MeterBinder, ApplicationListener<ApiKeysRotatedEvent> {

	/** Name of the gauge. */
	public static final String METER_NAME = "paracle.key.age";

	private final KeyAgePolicy policy;

	private volatile @Nullable MultiGauge gauge;

	/**
	 * Create a new binder.
	 * @param policy the key age policy
	 */
	public KeyAgeMeterBinder(KeyAgePolicy policy) {
		this.policy = policy;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		this.gauge = MultiGauge.builder(METER_NAME)
			.description("Age of each API key since it was created or last changed")
			.baseUnit("days")
			.register(registry);
		update();
	}

	@Override
	public void onApplicationEvent(ApiKeysRotatedEvent event) {
		update();
	}

	private void update() {
		MultiGauge gauge = this.gauge;
		if (gauge == null) {
			return;
		}
		List<MultiGauge.Row<?>> rows = new ArrayList<>();
		for (KeyAge age : this.policy.ages()) {
			rows.add(MultiGauge.Row.of(Tags.of("provider", age.provider(), "fingerprint", age.fingerprint()),
					this.policy, (policy) -> currentAgeDays(policy, age)));
		}
		gauge.register(rows, true);
	}

	private static double currentAgeDays(KeyAgePolicy policy, KeyAge registered) {
		for (KeyAge age : policy.ages()) {
			if (age.provider().equals(registered.provider()) && age.fingerprint().equals(registered.fingerprint())) {
				return age.ageDays();
			}
		}
		return Double.NaN;
	}

}
