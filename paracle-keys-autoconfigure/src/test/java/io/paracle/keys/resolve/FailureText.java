package io.paracle.keys.resolve;

import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The text Boot prints for a failed start, as the failure analyzer renders it.
 */
final class FailureText {

	private FailureText() {
	}

	static String of(AssertableApplicationContext context) {
		assertThat(context).hasFailed();
		FailureAnalysis analysis = new ApiKeyConfigurationFailureAnalyzer().analyze(context.getStartupFailure());
		assertThat(analysis).as("failure analysis of %s", context.getStartupFailure()).isNotNull();
		return "Description:\n" + analysis.getDescription() + "\nAction:\n" + analysis.getAction();
	}

}
