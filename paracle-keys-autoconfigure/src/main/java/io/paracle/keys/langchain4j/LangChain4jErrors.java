package io.paracle.keys.langchain4j;

import java.net.SocketTimeoutException;
import java.net.http.HttpTimeoutException;

import dev.langchain4j.exception.AuthenticationException;
import dev.langchain4j.exception.HttpException;
import dev.langchain4j.exception.LangChain4jException;
import dev.langchain4j.exception.TimeoutException;
import io.paracle.keys.provider.CallTimeoutException;
import io.paracle.keys.provider.LlmProviderException;
import io.paracle.keys.provider.RateLimitExceededException;
import io.paracle.keys.resolve.MissingApiKeyException;

/**
 * What a LangChain4j model sees when paracle's call pipeline gives up: the exceptions LangChain4j's own HTTP
 * clients raise, so that the model maps them to the types users already catch. An error answer (and "every key
 * refused" or "every key cooling down") becomes an {@link HttpException} with its status &mdash; which the model
 * turns into {@code AuthenticationException} (401/403), {@code RateLimitException} (429),
 * {@code InternalServerException} (5xx), {@code InvalidRequestException} or {@code ModelNotFoundException} &mdash;
 * with paracle's message (provider, fingerprints, the property to fix; never a key) and paracle's exception as
 * suppressed; a timeout becomes a {@link TimeoutException}; no key at all an {@link AuthenticationException}.
 *
 * @author paracle-keys
 */
final class LangChain4jErrors {

	private LangChain4jErrors() {
	}

	static RuntimeException translate(RuntimeException ex) {
		if (ex instanceof LangChain4jException) {
			return ex;
		}
		if (ex instanceof CallTimeoutException || isTimeout(ex)) {
			return new TimeoutException(ex.getMessage(), ex);
		}
		if (ex instanceof LlmProviderException providerException) {
			int status = providerException.getStatusCode();
			if (status == 0 && ex instanceof RateLimitExceededException) {
				status = 429;
			}
			if (status >= 400) {
				// no cause: LangChain4j maps the status of the root cause
				HttpException http = new HttpException(status, ex.getMessage());
				http.addSuppressed(ex);
				return http;
			}
			return new LangChain4jException(ex.getMessage(), ex);
		}
		if (ex instanceof MissingApiKeyException) {
			return new AuthenticationException(ex.getMessage(), ex);
		}
		return ex;
	}

	private static boolean isTimeout(Throwable ex) {
		for (Throwable cause = ex.getCause(); cause != null; cause = cause.getCause()) {
			if (cause instanceof HttpTimeoutException || cause instanceof SocketTimeoutException) {
				return true;
			}
		}
		return false;
	}

}
