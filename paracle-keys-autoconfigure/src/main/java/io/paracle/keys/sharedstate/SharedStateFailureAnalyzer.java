package io.paracle.keys.sharedstate;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Reports a shared-state store that cannot work (for example {@code paracle.shared-state.store=redis} without
 * Spring Data Redis): what is missing, and the artifact or property to add.
 *
 * @author paracle-keys
 */
class SharedStateFailureAnalyzer extends AbstractFailureAnalyzer<SharedStateConfigurationException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, SharedStateConfigurationException cause) {
		return new FailureAnalysis(cause.getDescription(), cause.getAction(), cause);
	}

}
