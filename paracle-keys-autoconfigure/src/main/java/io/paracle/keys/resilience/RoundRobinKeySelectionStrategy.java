package io.paracle.keys.resilience;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.paracle.keys.resolve.ApiKey;

/**
 * Uses the available keys of each provider in turn.
 *
 * @author paracle-keys
 */
public class RoundRobinKeySelectionStrategy implements KeySelectionStrategy {

	private final Map<String, AtomicInteger> counters = new ConcurrentHashMap<>();

	@Override
	public ApiKey select(String provider, List<ApiKey> available) {
		if (available.size() == 1) {
			return available.get(0);
		}
		AtomicInteger counter = this.counters.computeIfAbsent(provider, (name) -> new AtomicInteger());
		return available.get(Math.floorMod(counter.getAndIncrement(), available.size()));
	}

}
