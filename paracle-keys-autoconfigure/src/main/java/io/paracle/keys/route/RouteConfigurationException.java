package io.paracle.keys.route;

import java.util.List;

/**
 * A route ({@code paracle.routes.<name>}) cannot be built: it names an unknown or inactive provider
 * configuration, itself or another route, no provider at all, or a model for a configuration it does not
 * list. Thrown at startup; {@code RouteConfigurationFailureAnalyzer} reports each problem with its property.
 *
 * @author paracle-keys
 */
public class RouteConfigurationException extends IllegalStateException {

	private final List<Problem> problems;

	/**
	 * Create a new instance.
	 * @param problems the problems, at least one
	 */
	public RouteConfigurationException(List<Problem> problems) {
		super("Invalid routes: " + String.join("; ", problems.stream().map(Problem::description).toList()));
		this.problems = List.copyOf(problems);
	}

	/**
	 * Return the problems.
	 * @return the problems
	 */
	public List<Problem> getProblems() {
		return this.problems;
	}

	/**
	 * One problem of one route.
	 *
	 * @param property the property at fault, e.g. {@code paracle.routes.fast.providers[1]}
	 * @param description what is wrong
	 * @param action how to fix it
	 */
	public record Problem(String property, String description, String action) {

	}

}
