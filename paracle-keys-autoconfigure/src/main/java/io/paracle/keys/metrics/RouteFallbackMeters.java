package io.paracle.keys.metrics;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.paracle.keys.route.FallbackReason;
import io.paracle.keys.route.RouteListener;

/**
 * Counts route fallbacks: {@value ApiCallMetrics#ROUTE_FALLBACKS} with the tags {@code route}, {@code from},
 * {@code to} and {@code reason} ({@link FallbackReason#tagValue()}), one counter per combination, cached.
 *
 * @author paracle-keys
 */
public final class RouteFallbackMeters implements RouteListener {

	private final MeterRegistry registry;

	private final ConcurrentMap<Key, Counter> counters = new ConcurrentHashMap<>();

	/**
	 * Create the meters.
	 * @param registry the registry to register them in
	 */
	public RouteFallbackMeters(MeterRegistry registry) {
		this.registry = registry;
	}

	@Override
	public void onFallback(String route, String from, String to, FallbackReason reason) {
		this.counters.computeIfAbsent(new Key(route, from, to, reason), this::counter).increment();
	}

	private Counter counter(Key key) {
		return Counter.builder(ApiCallMetrics.ROUTE_FALLBACKS)
			.description("Calls a route moved from one member to the next")
			.tag("route", key.route())
			.tag("from", key.from())
			.tag("to", key.to())
			.tag("reason", key.reason().tagValue())
			.register(this.registry);
	}

	private record Key(String route, String from, String to, FallbackReason reason) {

	}

}
