package io.paracle.keys.resolve;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Turns a {@link DotenvFileException} into the "APPLICATION FAILED TO START" report instead of a stack trace:
 * the file and line under Description, the fix under Action. Never shows a value.
 *
 * @author paracle-keys
 */
class DotenvFailureAnalyzer extends AbstractFailureAnalyzer<DotenvFileException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, DotenvFileException cause) {
		return new FailureAnalysis("paracle-keys could not load a .env file: " + cause.description(),
				cause.action(), cause);
	}

}
