package io.paracle.keys.provider.client;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains a startup that failed because {@code paracle.http.client=direct} is set without Apache HttpClient 5.
 *
 * @author paracle-keys
 */
class MissingHttpClient5FailureAnalyzer extends AbstractFailureAnalyzer<MissingHttpClient5Exception> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, MissingHttpClient5Exception cause) {
		return new FailureAnalysis("paracle.http.client is 'direct', so provider configuration '"
				+ cause.getProvider() + "' calls Apache HttpClient 5 without RestClient, but "
				+ MissingHttpClient5Exception.DEPENDENCY + " is not on the classpath.",
				"Add the dependency " + MissingHttpClient5Exception.DEPENDENCY + " (paracle-keys-starter brings "
						+ "it; its version is managed by Spring Boot), or remove paracle.http.client to call the "
						+ "providers through RestClient.",
				cause);
	}

}
