package io.paracle.keys.testsupport;

import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.core.io.support.SpringFactoriesLoader;

/**
 * The failure analysis Spring Boot would print for a startup failure: the first one given by the
 * {@link FailureAnalyzer}s listed in {@code spring.factories}, so that a test also proves the analyzer is registered.
 */
public final class FailureAnalyses {

	private FailureAnalyses() {
	}

	/**
	 * Analyze a failure with the analyzers registered in a class loader.
	 * @param failure the startup failure
	 * @param classLoader where to look for {@code spring.factories}
	 * @return the analysis
	 * @throws java.util.NoSuchElementException when no analyzer explains the failure
	 */
	public static FailureAnalysis of(Throwable failure, ClassLoader classLoader) {
		return SpringFactoriesLoader.forDefaultResourceLocation(classLoader)
			// analyzers that need constructor arguments (Boot's own) are left out
			.load(FailureAnalyzer.class, SpringFactoriesLoader.FailureHandler.handleMessage((message, ex) -> {
			}))
			.stream()
			.map((analyzer) -> analyzer.analyze(failure))
			.filter((candidate) -> candidate != null)
			.findFirst()
			.orElseThrow();
	}

}
