package io.paracle.keys.springai;

import io.paracle.keys.provider.ProviderUnavailableException;
import io.paracle.keys.provider.RateLimitExceededException;

import org.springframework.ai.retry.NonTransientAiException;
import org.springframework.ai.retry.TransientAiException;

/**
 * Turns paracle's "no key left" into the exceptions Spring AI callers handle: transient when waiting helps
 * (every key cooling down after a 429, a timeout, an unreachable provider), non-transient when it does not
 * (every key refused, no key configured). The message is paracle's: the provider, the fingerprints, what to do;
 * never a key. paracle's exception is the cause.
 *
 * @author paracle-keys
 */
final class SpringAiExceptions {

	private SpringAiExceptions() {
	}

	static RuntimeException translate(RuntimeException ex) {
		if (ex instanceof RateLimitExceededException || ex instanceof ProviderUnavailableException) {
			return new TransientAiException(String.valueOf(ex.getMessage()), ex);
		}
		return new NonTransientAiException(String.valueOf(ex.getMessage()), ex);
	}

}
