package io.paracle.keys.sharedstate;

import java.util.Map;

import io.paracle.keys.actuate.ProviderStateContributor;

/**
 * Adds {@code sharedState: UP|DOWN} to each provider's health and {@code paracle} endpoint entry: whether the
 * store answered this replica's last operation. A store that is down never makes the provider DOWN: calls go on
 * with the replica's own state.
 *
 * @author paracle-keys
 */
class SharedStateContributor implements ProviderStateContributor {

	private final SharedStateStatus status;

	SharedStateContributor(SharedStateStatus status) {
		this.status = status;
	}

	@Override
	public void contribute(String provider, Map<String, Object> details) {
		details.put("sharedState", this.status.isUp() ? "UP" : "DOWN");
	}

}
