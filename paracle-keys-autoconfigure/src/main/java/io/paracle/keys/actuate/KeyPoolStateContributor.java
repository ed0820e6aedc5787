package io.paracle.keys.actuate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.paracle.keys.resilience.ClientRateLimiter;
import io.paracle.keys.resilience.KeyPool;
import io.paracle.keys.resilience.KeyPools;
import io.paracle.keys.resilience.KeyState;
import io.paracle.keys.resilience.LastCall;

/**
 * Adds key pool state to health and the {@code paracle} endpoint: keys cooling down (until when) or rejected,
 * what the provider says is left, the client-side limit, and the last call. A provider whose keys were all
 * rejected has no usable key.
 *
 * @author paracle-keys
 */
class KeyPoolStateContributor implements ProviderStateContributor {

	private final KeyPools pools;

	/**
	 * Create a new instance.
	 * @param pools the key pools
	 */
	public KeyPoolStateContributor(KeyPools pools) {
		this.pools = pools;
	}

	@Override
	public void contribute(String provider, Map<String, Object> details) {
		KeyPool pool = this.pools.pool(provider);
		List<Map<String, Object>> cooling = new ArrayList<>();
		List<String> rejected = new ArrayList<>();
		Map<String, Object> remaining = new LinkedHashMap<>();
		for (KeyState state : pool.states()) {
			if (state.rejected()) {
				rejected.add(state.fingerprint());
			}
			if (state.coolingUntil() != null) {
				cooling.add(Map.of("fingerprint", state.fingerprint(), "until", state.coolingUntil().toString()));
			}
			if (state.remainingRequests() != null || state.remainingTokens() != null) {
				Map<String, Object> left = new LinkedHashMap<>();
				if (state.remainingRequests() != null) {
					left.put("requests", state.remainingRequests());
				}
				if (state.remainingTokens() != null) {
					left.put("tokens", state.remainingTokens());
				}
				remaining.put(state.fingerprint(), left);
			}
		}
		details.put("cooling", cooling);
		details.put("rejected", rejected);
		if (!remaining.isEmpty()) {
			details.put("remaining", remaining);
		}
		ClientRateLimiter limiter = this.pools.limiter(provider);
		if (limiter != null) {
			details.put("limits", Map.of("requestsPerMinute", limiter.getRequestsPerMinute(), "maxWait",
					limiter.getMaxWait().toString(), "availablePermits", limiter.availablePermits()));
		}
		LastCall last = this.pools.lastCall(provider);
		if (last != null) {
			Map<String, Object> lastCall = new LinkedHashMap<>();
			lastCall.put("outcome", last.outcome());
			if (last.status() != null) {
				lastCall.put("status", last.status());
			}
			lastCall.put("at", last.at().toString());
			if (last.fingerprint() != null) {
				lastCall.put("fingerprint", last.fingerprint());
			}
			details.put("lastCall", lastCall);
		}
	}

	@Override
	public boolean hasUsableKey(String provider) {
		return !this.pools.pool(provider).allRejected();
	}

}
