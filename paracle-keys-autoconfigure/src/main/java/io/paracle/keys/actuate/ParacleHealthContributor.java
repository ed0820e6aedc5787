package io.paracle.keys.actuate;

import java.util.LinkedHashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Builds the {@code paracle} health contributor: a composite with one component per active provider, DOWN when
 * the provider has no usable key, and one per route, UP while any of its members is UP, with the provider's description (never a key) as details.
 *
 * @author paracle-keys
 */
final class ParacleHealthContributor {

	private ParacleHealthContributor() {
	}

	/**
	 * Create the composite contributor.
	 * @param reports provider descriptions
	 * @param verifier live key verification, or {@code null} when switched off
	 * @return the contributor
	 */
	public static CompositeHealthContributor of(ProviderReports reports, @Nullable KeyVerifier verifier) {
		Map<String, HealthContributor> components = new LinkedHashMap<>();
		for (String name : reports.names()) {
			components.put(name, (HealthIndicator) () -> health(reports, verifier, name));
		}
		for (String route : reports.routeNames()) {
			components.putIfAbsent(route, (HealthIndicator) () -> routeHealth(reports, route));
		}
		return CompositeHealthContributor.fromMap(components);
	}

	private static Health health(ProviderReports reports, @Nullable KeyVerifier verifier,
			String name) {
		Map<String, Object> details = reports.describe(name);
		if (details == null) {
			return Health.unknown().build();
		}
		boolean up = reports.isUp(name);
		if (verifier != null) {
			KeyVerifier.Result result = verifier.verify(name);
			details.put("verification", result.toDetails());
			if (result.invalid()) {
				up = false;
			}
		}
		details.remove("status");
		return (up ? Health.up() : Health.down()).withDetails(details).build();
	}

	/**
	 * A route is UP while any member is: it falls over to that member.
	 */
	private static Health routeHealth(ProviderReports reports, String route) {
		Map<String, Object> details = reports.describeRoute(route);
		if (details == null) {
			return Health.unknown().build();
		}
		details.remove("status");
		return (reports.isRouteUp(route) ? Health.up() : Health.down()).withDetails(details).build();
	}

}
