package io.paracle.keys.route;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.paracle.keys.catalog.ProviderCatalog;
import io.paracle.keys.catalog.ProviderDescriptor;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

/**
 * The routes of {@code paracle.routes.*}, bound from the environment before any bean exists (route beans are
 * registered next to the provider beans) and checked against the active provider configurations.
 *
 * @author paracle-keys
 */
public final class RouteDefinitions {

	/** Prefix of the route properties. */
	public static final String PREFIX = "paracle.routes";

	private static final Bindable<Map<String, RouteProperties>> ROUTES = Bindable.mapOf(String.class,
			RouteProperties.class);

	private RouteDefinitions() {
	}

	/**
	 * Bind the routes and check them.
	 * @param environment the environment
	 * @param activeConfigurations the names of the active provider configurations, in registration order
	 * @return each route's members and models, by route name
	 * @throws RouteConfigurationException when a route is invalid
	 */
	public static Map<String, Definition> bind(Environment environment, Collection<String> activeConfigurations) {
		Map<String, RouteProperties> routes = Binder.get(environment)
			.bind(PREFIX, ROUTES)
			.orElseGet(LinkedHashMap::new);
		return check(routes, activeConfigurations);
	}

	/**
	 * Check routes against the active provider configurations.
	 * @param routes the routes by name
	 * @param activeConfigurations the names of the active provider configurations
	 * @return each route's members and models, by route name
	 * @throws RouteConfigurationException when a route is invalid
	 */
	public static Map<String, Definition> check(Map<String, RouteProperties> routes,
			Collection<String> activeConfigurations) {
		Set<String> active = new LinkedHashSet<>(activeConfigurations);
		List<RouteConfigurationException.Problem> problems = new ArrayList<>();
		Map<String, Definition> definitions = new LinkedHashMap<>();
		routes.forEach((name, route) -> {
			String prefix = PREFIX + "." + name;
			if (active.contains(name)) {
				problems.add(new RouteConfigurationException.Problem(prefix,
						"route '" + name + "' has the name of a provider configuration",
						"rename the route: a route and a provider configuration share one bean name space"));
			}
			if (route.getProviders().isEmpty()) {
				problems.add(new RouteConfigurationException.Problem(prefix + ".providers",
						"route '" + name + "' lists no provider",
						"set " + prefix + ".providers to provider configurations in the order to try them, one of "
								+ active));
			}
			Set<String> members = new LinkedHashSet<>();
			for (int index = 0; index < route.getProviders().size(); index++) {
				String member = route.getProviders().get(index);
				String property = prefix + ".providers[" + index + "]";
				String problem = memberProblem(name, member, routes.keySet(), active);
				if (problem != null) {
					problems.add(new RouteConfigurationException.Problem(property, problem,
							"name an active provider configuration, one of " + active + ", or remove it"));
				}
				else if (!members.add(member)) {
					problems.add(new RouteConfigurationException.Problem(property,
							"route '" + name + "' lists '" + member + "' twice", "list each configuration once"));
				}
			}
			route.getModels().keySet().forEach((member) -> {
				if (!route.getProviders().contains(member)) {
					problems.add(new RouteConfigurationException.Problem(prefix + ".models." + member,
							"route '" + name + "' sets a model for '" + member + "', which it does not list",
							"add '" + member + "' to " + prefix + ".providers, or remove the model"));
				}
			});
			definitions.put(name, new Definition(name, List.copyOf(members), Map.copyOf(route.getModels())));
		});
		if (!problems.isEmpty()) {
			throw new RouteConfigurationException(problems);
		}
		return definitions;
	}

	private static @Nullable String memberProblem(String route, String member, Set<String> routes, Set<String> active) {
		if (member.equals(route)) {
			return "route '" + route + "' names itself";
		}
		if (routes.contains(member)) {
			return "route '" + route + "' names route '" + member + "': members are provider configurations";
		}
		if (active.contains(member)) {
			return null;
		}
		ProviderDescriptor descriptor = ProviderCatalog.find(member);
		if (descriptor != null) {
			return "route '" + route + "' names '" + member + "', which is not active: no key was found for it (set "
					+ descriptor.primaryVariable() + " or paracle.providers." + member + ".api-key), or it is "
					+ "switched off (paracle.providers." + member + ".enabled=false)";
		}
		return "route '" + route + "' names '" + member + "', which is not a provider configuration";
	}

	/**
	 * One checked route.
	 *
	 * @param name the route name
	 * @param members the member configuration names, in order
	 * @param models the model of each member that has one, by configuration name
	 */
	public record Definition(String name, List<String> members, Map<String, String> models) {

	}

}
