package io.paracle.keys.route;

import java.net.SocketTimeoutException;
import java.net.http.HttpTimeoutException;

import io.paracle.keys.provider.CallTimeoutException;
import io.paracle.keys.provider.InvalidApiKeyException;
import io.paracle.keys.provider.ProviderUnavailableException;
import io.paracle.keys.provider.RateLimitExceededException;
import io.paracle.keys.resolve.MissingApiKeyException;
import org.jspecify.annotations.Nullable;

/**
 * Why a route moved on from a member: the {@code reason} tag of {@code paracle.route.fallbacks}. Only these
 * failures move a call on; anything else (a refused request: 400, 404, 422; an unreadable answer; an error on the
 * caller's side) reaches the caller from the member that raised it.
 *
 * @author paracle-keys
 */
public enum FallbackReason {

	/** The member's keys are all cooling down after 429s (or its only key just got one). */
	RATE_LIMITED("rate_limited"),

	/** The member has no usable key: every key was refused (401/403), or it has none any more. */
	NO_USABLE_KEY("no_usable_key"),

	/** The member answered 5xx on its last retry. */
	SERVER_ERROR("server_error"),

	/** The member did not answer in time ({@code timeout}, {@code connect-timeout} or {@code call-timeout}). */
	TIMEOUT("timeout"),

	/** The member could not be reached (connection refused, unknown host, connection closed). */
	UNREACHABLE("unreachable");

	private final String tagValue;

	FallbackReason(String tagValue) {
		this.tagValue = tagValue;
	}

	/**
	 * Return the value of the {@code reason} tag.
	 * @return the tag value
	 */
	public String tagValue() {
		return this.tagValue;
	}

	/**
	 * Return why a route moves on after a member's failure.
	 * @param ex what the member threw
	 * @return the reason, or {@code null} when the failure goes to the caller
	 */
	public static @Nullable FallbackReason of(Throwable ex) {
		if (ex instanceof RateLimitExceededException) {
			return RATE_LIMITED;
		}
		if (ex instanceof InvalidApiKeyException || ex instanceof MissingApiKeyException) {
			return NO_USABLE_KEY;
		}
		if (ex instanceof CallTimeoutException) {
			return TIMEOUT;
		}
		if (ex instanceof ProviderUnavailableException unavailable) {
			if (unavailable.hasStatusCode()) {
				return SERVER_ERROR;
			}
			return isTimeout(unavailable) ? TIMEOUT : UNREACHABLE;
		}
		return null;
	}

	private static boolean isTimeout(Throwable ex) {
		for (Throwable cause = ex.getCause(); cause != null; cause = cause.getCause()) {
			if (cause instanceof SocketTimeoutException || cause instanceof HttpTimeoutException
					|| "ConnectTimeoutException".equals(cause.getClass().getSimpleName())) {
				return true;
			}
		}
		return false;
	}

}
