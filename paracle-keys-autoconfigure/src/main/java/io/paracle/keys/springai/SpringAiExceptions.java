package io.paracle.keys.springai;

import io.paracle.keys.provider.ProviderUnavailableException;
import io.paracle.keys.provider.RateLimitExceededException;

import org.springframework.ai.retry.NonTransientAiException;
import org.springframework.ai.retry.TransientAiException;
import org.springframework.util.ClassUtils;

/**
 * Turns paracle's "no key left" into the exceptions Spring AI callers handle: transient when waiting helps
 * (every key cooling down after a 429, a timeout, an unreachable provider), non-transient when it does not
 * (every key refused, no key configured). The message is paracle's: the provider, the fingerprints, what to do;
 * never a key. paracle's exception is the cause. Without {@code spring-ai-retry} on the class path (it comes with
 * Spring AI's starters, not with the bare model modules) paracle's own exception is thrown.
 *
 * @author paracle-keys
 */
final class SpringAiExceptions {

	private static final boolean SPRING_AI_RETRY_PRESENT = ClassUtils.isPresent(
			"org.springframework.ai.retry.TransientAiException", SpringAiExceptions.class.getClassLoader());

	private SpringAiExceptions() {
	}

	static RuntimeException translate(RuntimeException ex) {
		return SPRING_AI_RETRY_PRESENT ? SpringAiRetryExceptions.translate(ex) : ex;
	}

	/** Holds the references to spring-ai-retry, loaded only when it is present. */
	private static final class SpringAiRetryExceptions {

		static RuntimeException translate(RuntimeException ex) {
			if (ex instanceof RateLimitExceededException || ex instanceof ProviderUnavailableException) {
				return new TransientAiException(String.valueOf(ex.getMessage()), ex);
			}
			return new NonTransientAiException(String.valueOf(ex.getMessage()), ex);
		}

	}

}
