package io.paracle.keys.secrets;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Reports a secret store that cannot work (for example {@code paracle.secrets.backend=aws} without Spring Cloud
 * AWS): what is missing, and the artifact or property to add.
 *
 * @author paracle-keys
 */
class SecretStoreFailureAnalyzer extends AbstractFailureAnalyzer<SecretStoreConfigurationException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, SecretStoreConfigurationException cause) {
		return new FailureAnalysis(cause.getDescription(), cause.getAction(), cause);
	}

}
