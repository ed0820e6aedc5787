package io.paracle.keys.route;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns a {@link RouteConfigurationException} into the "APPLICATION FAILED TO START" report: each problem with
 * its property under Description, each fix under Action.
 *
 * @author paracle-keys
 */
class RouteConfigurationFailureAnalyzer extends AbstractFailureAnalyzer<RouteConfigurationException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, RouteConfigurationException cause) {
		StringBuilder description = new StringBuilder("paracle-keys cannot build ")
			.append((cause.getProblems().size() == 1) ? "a route:" : "the routes:");
		StringBuilder action = new StringBuilder("Fix each route property below:");
		for (RouteConfigurationException.Problem problem : cause.getProblems()) {
			description.append("\n\n  - ").append(problem.property()).append(": ").append(problem.description());
			action.append("\n\n  - ").append(problem.property()).append(": ").append(problem.action());
		}
		return new FailureAnalysis(description.toString(), action.toString(), cause);
	}

}
