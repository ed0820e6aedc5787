package io.paracle.keys.actuate;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import io.paracle.keys.catalog.ProviderDescriptor;
import io.paracle.keys.provider.LlmProvider;
import io.paracle.keys.resolve.ApiKey;
import io.paracle.keys.resolve.ApiKeyResolver;
import io.paracle.keys.resolve.ProviderConfiguration;
import io.paracle.keys.resolve.ProviderKeys;
import io.paracle.keys.rotation.KeyAge;
import io.paracle.keys.rotation.KeyAgePolicy;
import io.paracle.keys.route.LlmRoute;
import org.jspecify.annotations.Nullable;

import org.springframework.util.function.SingletonSupplier;

/**
 * Describes providers and routes for health and the {@code paracle} endpoint: status, key origin, count, fingerprints,
 * age, rotation due, plus what the {@link ProviderStateContributor}s add. Never a key value.
 *
 * @author paracle-keys
 */
class ProviderReports {

	/** Status of a provider with a usable key. */
	public static final String UP = "UP";

	/** Status of a provider without a usable key. */
	public static final String DOWN = "DOWN";

	private final ApiKeyResolver resolver;

	private final @Nullable KeyAgePolicy keyAgePolicy;

	private final List<ProviderStateContributor> contributors;

	private final Supplier<List<LlmRoute>> routes;

	/**
	 * Create a new instance.
	 * @param resolver the key resolver
	 * @param keyAgePolicy the key age policy, or {@code null}
	 * @param contributors contributors of run-time state
	 */
	public ProviderReports(ApiKeyResolver resolver, @Nullable KeyAgePolicy keyAgePolicy,
			List<ProviderStateContributor> contributors) {
		this(resolver, keyAgePolicy, contributors, List::of);
	}

	/**
	 * Create a new instance that describes routes too.
	 * @param resolver the key resolver
	 * @param keyAgePolicy the key age policy, or {@code null}
	 * @param contributors contributors of run-time state
	 * @param routes the routes, asked for when described
	 */
	ProviderReports(ApiKeyResolver resolver, @Nullable KeyAgePolicy keyAgePolicy,
			List<ProviderStateContributor> contributors, Supplier<List<LlmRoute>> routes) {
		this.resolver = resolver;
		this.keyAgePolicy = keyAgePolicy;
		this.contributors = List.copyOf(contributors);
		this.routes = SingletonSupplier.of(routes);
	}

	/**
	 * Return the names of the active provider configurations.
	 * @return the names
	 */
	public List<String> names() {
		return List.copyOf(this.resolver.configurations().keySet());
	}

	/**
	 * Return whether a provider has a usable key.
	 * @param provider the provider configuration name
	 * @return whether it has one
	 */
	public boolean isUp(String provider) {
		ProviderConfiguration configuration = this.resolver.configurations().get(provider);
		if (configuration == null) {
			return false;
		}
		ProviderKeys keys = this.resolver.keys(provider);
		boolean delegated = keys.isEmpty() && "bedrock".equals(configuration.requiredDescriptor().id());
		if (keys.isEmpty() && !delegated) {
			return false;
		}
		for (ProviderStateContributor contributor : this.contributors) {
			if (!contributor.hasUsableKey(provider)) {
				return false;
			}
		}
		return true;
	}

	/**
	 * Describe one provider.
	 * @param provider the provider configuration name
	 * @return the description, or {@code null} when no active configuration has that name
	 */
	public @Nullable Map<String, Object> describe(String provider) {
		ProviderConfiguration configuration = this.resolver.configurations().get(provider);
		if (configuration == null) {
			return null;
		}
		ProviderDescriptor descriptor = configuration.requiredDescriptor();
		ProviderKeys keys = this.resolver.keys(provider);
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("status", isUp(provider) ? UP : DOWN);
		details.put("type", descriptor.id());
		details.put("displayName", descriptor.displayName());
		details.put("origin", (keys.origin() != null) ? keys.origin().description()
				: (descriptor.id().equals("bedrock") ? "aws-default-credentials-chain" : "none"));
		details.put("keyCount", keys.count());
		details.put("fingerprints", keys.fingerprints());
		List<Map<String, Object>> keyDetails = new ArrayList<>();
		boolean rotationDue = false;
		boolean ageKnown = false;
		for (ApiKey key : keys.keys()) {
			Map<String, Object> entry = new LinkedHashMap<>();
			entry.put("fingerprint", key.fingerprint());
			entry.put("origin", key.origin().description());
			KeyAge age = (this.keyAgePolicy != null) ? this.keyAgePolicy.age(provider, key) : null;
			if (age != null) {
				ageKnown = true;
				entry.put("lastChanged", age.lastChanged().toString());
				entry.put("ageDays", age.age().toDays());
				entry.put("rotationDue", age.rotationDue());
				rotationDue |= age.rotationDue();
			}
			keyDetails.add(entry);
		}
		details.put("keys", keyDetails);
		if (ageKnown) {
			details.put("rotationDue", rotationDue);
		}
		for (ProviderStateContributor contributor : this.contributors) {
			contributor.contribute(provider, details);
		}
		return details;
	}

	/**
	 * Describe every active provider.
	 * @return descriptions by configuration name
	 */
	public Map<String, Map<String, Object>> describeAll() {
		Map<String, Map<String, Object>> all = new LinkedHashMap<>();
		for (String name : names()) {
			Map<String, Object> details = describe(name);
			if (details != null) {
				all.put(name, details);
			}
		}
		return all;
	}

	/**
	 * Return the names of the routes.
	 * @return the names
	 */
	public List<String> routeNames() {
		return this.routes.get().stream().map(LlmRoute::name).toList();
	}

	/**
	 * Return whether a route has a member with a usable key.
	 * @param route the route name
	 * @return whether any member is up
	 */
	public boolean isRouteUp(String route) {
		LlmRoute found = route(route);
		return found != null && found.members().stream().anyMatch((member) -> isUp(member.name()));
	}

	/**
	 * Describe one route: its status (UP while any member is) and each member's status and model.
	 * @param route the route name
	 * @return the description, or {@code null} when no route has that name
	 */
	public @Nullable Map<String, Object> describeRoute(String route) {
		LlmRoute found = route(route);
		if (found == null) {
			return null;
		}
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("status", isRouteUp(route) ? UP : DOWN);
		List<Map<String, Object>> members = new ArrayList<>();
		for (LlmProvider member : found.members()) {
			Map<String, Object> entry = new LinkedHashMap<>();
			entry.put("provider", member.name());
			entry.put("status", isUp(member.name()) ? UP : DOWN);
			String model = found.model(member.name());
			if (model != null) {
				entry.put("model", model);
			}
			members.add(entry);
		}
		details.put("members", members);
		return details;
	}

	/**
	 * Describe every route.
	 * @return descriptions by route name, empty without routes
	 */
	public Map<String, Map<String, Object>> describeRoutes() {
		Map<String, Map<String, Object>> all = new LinkedHashMap<>();
		for (String name : routeNames()) {
			Map<String, Object> details = describeRoute(name);
			if (details != null) {
				all.put(name, details);
			}
		}
		return all;
	}

	private @Nullable LlmRoute route(String name) {
		for (LlmRoute route : this.routes.get()) {
			if (route.name().equals(name)) {
				return route;
			}
		}
		return null;
	}

}
