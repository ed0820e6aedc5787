package io.paracle.keys.provider;

import java.time.Duration;
import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * The provider answered 429: rate limit exceeded (or, for some providers, quota exhausted). Carries the
 * provider's {@code Retry-After} as a delay and as a point in time, when it sent one.
 *
 * @author paracle-keys
 */
public class RateLimitExceededException extends LlmProviderException {

	/** Delay from {@code Retry-After}. */
	private final @Nullable Duration retryAfter;

	/** Point in time from {@code Retry-After}. */
	private final @Nullable Instant retryAt;

	/**
	 * Create a new instance.
	 * @param provider the provider configuration name
	 * @param statusCode the HTTP status (429)
	 * @param retryAfter how long the provider asked to wait, or {@code null}
	 * @param retryAt when the provider said a retry may succeed, or {@code null}
	 * @param message the message
	 */
	public RateLimitExceededException(String provider, int statusCode, @Nullable Duration retryAfter,
			@Nullable Instant retryAt, String message) {
		super(provider, statusCode, message, null);
		this.retryAfter = retryAfter;
		this.retryAt = retryAt;
	}

	/**
	 * Return how long the provider asked to wait ({@code Retry-After} in seconds, or the time until its
	 * HTTP-date).
	 * @return the delay, or {@code null} when the provider sent no {@code Retry-After}
	 */
	public @Nullable Duration getRetryAfter() {
		return this.retryAfter;
	}

	/**
	 * Return when a retry may succeed, from {@code Retry-After}.
	 * @return the instant, or {@code null} when the provider sent no {@code Retry-After}
	 */
	public @Nullable Instant getRetryAt() {
		return this.retryAt;
	}

}
