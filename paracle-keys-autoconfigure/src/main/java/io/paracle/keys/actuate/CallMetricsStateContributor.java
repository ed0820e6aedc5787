package io.paracle.keys.actuate;

import java.util.Map;
import java.util.TreeMap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.paracle.keys.metrics.ApiCallMetrics;

/**
 * Adds a summary of the {@code api.calls} meter to each provider's entry: calls so far by outcome.
 *
 * @author paracle-keys
 */
class CallMetricsStateContributor implements ProviderStateContributor {

	private final MeterRegistry registry;

	/**
	 * Create a new instance.
	 * @param registry the registry holding {@code api.calls}
	 */
	public CallMetricsStateContributor(MeterRegistry registry) {
		this.registry = registry;
	}

	@Override
	public void contribute(String provider, Map<String, Object> details) {
		Map<String, Long> byOutcome = new TreeMap<>();
		for (Counter counter : this.registry.find(ApiCallMetrics.CALLS).tag("provider", provider).counters()) {
			String outcome = counter.getId().getTag("outcome");
			byOutcome.merge((outcome != null) ? outcome : "unknown", (long) counter.count(), Long::sum);
		}
		details.put("calls", byOutcome);
	}

}
