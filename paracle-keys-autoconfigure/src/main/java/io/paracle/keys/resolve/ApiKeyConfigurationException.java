package io.paracle.keys.resolve;

import java.util.List;
import java.util.stream.Collectors;

/**
 * Thrown at startup when one or more provider configurations have missing or malformed keys. Lists every
 * problem at once; never holds a key value.
 *
 * @author paracle-keys
 */
public class ApiKeyConfigurationException extends IllegalStateException {

	private final List<KeyProblem> problems;

	/**
	 * Create a new instance.
	 * @param problems the problems, at least one
	 */
	public ApiKeyConfigurationException(List<KeyProblem> problems) {
		super(problems.stream()
			.map((problem) -> problem.provider() + ": " + problem.description())
			.collect(Collectors.joining("; ", "API key configuration is invalid: ", "")));
		this.problems = List.copyOf(problems);
	}

	/**
	 * Return the problems.
	 * @return the problems
	 */
	public List<KeyProblem> getProblems() {
		return this.problems;
	}

}
