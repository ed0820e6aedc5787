package io.paracle.keys.actuate;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.paracle.keys.refresh.KeyRefresher;
import io.paracle.keys.refresh.RequestedRefresh;
import io.paracle.keys.resilience.KeyPools;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

/**
 * The {@code paracle} actuator endpoint: {@code GET /actuator/paracle} lists the active providers with status,
 * key origin, fingerprints, age and run-time state, and the routes with their members and their state; {@code GET /actuator/paracle/{provider}} shows one;
 * {@code POST /actuator/paracle} re-reads every key from its source now, the secret store included (the hook
 * rotation uses), and clears every rejection and cool-down. Concurrent POSTs share one re-read; a POST within
 * {@code paracle.secrets.min-refresh-interval} of the last re-read it caused answers with that re-read's time and
 * the time the next one may happen, without reading the store or clearing anything
 * ({@link KeyRefresher#refreshOnRequest()}). Like every actuator endpoint it is not exposed over HTTP until the
 * application exposes it; its write operation belongs behind authentication.
 *
 * @author paracle-keys
 */
@Endpoint(id = "paracle")
public class ParacleEndpoint {

	private final ProviderReports reports;

	private final KeyRefresher refresher;

	private final @Nullable KeyPools keyPools;

	/**
	 * Create a new endpoint.
	 * @param reports provider descriptions
	 * @param refresher what re-reads the keys (the secret store first, when one is the backend)
	 * @param keyPools the key state to clear on a re-read, or {@code null} without provider clients
	 */
	ParacleEndpoint(ProviderReports reports, KeyRefresher refresher, @Nullable KeyPools keyPools) {
		this.reports = reports;
		this.refresher = refresher;
		this.keyPools = keyPools;
	}

	/**
	 * List every active provider.
	 * @return the providers
	 */
	@ReadOperation
	public Map<String, Object> providers() {
		Map<String, Object> result = new LinkedHashMap<>();
		result.put("providers", this.reports.describeAll());
		addRoutes(result);
		return result;
	}

	/**
	 * Describe one provider, or one route.
	 * @param provider the provider configuration name, or a route name
	 * @return the provider or route, or {@code null} (404) when no active configuration or route has that name
	 */
	@ReadOperation
	public @Nullable Map<String, Object> provider(@Selector String provider) {
		Map<String, Object> details = this.reports.describe(provider);
		return (details != null) ? details : this.reports.describeRoute(provider);
	}

	private void addRoutes(Map<String, Object> result) {
		Map<String, Map<String, Object>> routes = this.reports.describeRoutes();
		if (!routes.isEmpty()) {
			result.put("routes", routes);
		}
	}

	/**
	 * Re-read every key from its source now, the secret store included, and forget every cool-down and rejection
	 * (each key is tried again) — at most once per minimum refresh interval, concurrent requests sharing one
	 * re-read.
	 * @return the providers whose keys changed, what was cleared, whether this request re-read the sources, when,
	 * when the next re-read may happen, and every provider after the re-read
	 */
	@WriteOperation
	public Map<String, Object> refresh() {
		RequestedRefresh refresh = this.refresher.refreshOnRequest();
		Map<String, Object> result = new LinkedHashMap<>();
		result.put("changed", refresh.changed());
		if (this.keyPools != null) {
			// the operator's way out of a rejection or a cool-down: every key is tried again
			Map<String, List<String>> cleared = new LinkedHashMap<>();
			if (refresh.reRead()) {
				this.keyPools.clear().forEach((provider, fingerprints) -> {
					if (!fingerprints.isEmpty()) {
						cleared.put(provider, fingerprints);
					}
				});
			}
			result.put("cleared", cleared);
		}
		result.put("reRead", refresh.reRead());
		result.put("readAt", refresh.readAt().toString());
		result.put("nextReadAt", refresh.nextReadAt().toString());
		if (!refresh.reRead()) {
			result.put("note", "Not read again: the keys were re-read at " + refresh.readAt()
					+ ", less than paracle.secrets.min-refresh-interval ago; nothing was read or cleared. "
					+ "The next POST re-reads from " + refresh.nextReadAt() + ".");
		}
		result.put("providers", this.reports.describeAll());
		addRoutes(result);
		return result;
	}

}
