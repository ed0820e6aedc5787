package io.paracle.keys.resolve;

import java.util.List;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns an {@link ApiKeyConfigurationException} into the "APPLICATION FAILED TO START" report: every problem
 * under Description, and every fix under Action. Never shows a key.
 *
 * @author paracle-keys
 */
class ApiKeyConfigurationFailureAnalyzer extends AbstractFailureAnalyzer<ApiKeyConfigurationException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, ApiKeyConfigurationException cause) {
		List<KeyProblem> problems = cause.getProblems();
		StringBuilder description = new StringBuilder();
		description.append("paracle-keys found ")
			.append(problems.size())
			.append((problems.size() == 1) ? " problem" : " problems")
			.append(" with API keys:\n");
		StringBuilder action = new StringBuilder();
		action.append("Fix the keys of each provider below:\n");
		for (KeyProblem problem : problems) {
			description.append("\n  - ").append(problem.provider()).append(": ").append(problem.description());
			action.append("\n  - ").append(problem.provider()).append(": ").append(problem.action());
		}
		return new FailureAnalysis(description.toString(), action.toString(), cause);
	}

}
