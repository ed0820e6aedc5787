package io.paracle.keys.resilience;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * What a provider says about its rate limits in response headers: OpenAI-style
 * {@code x-ratelimit-remaining-requests} / {@code -tokens} with {@code x-ratelimit-reset-*} durations
 * ({@code 1s}, {@code 6m0s}, {@code 20ms}), Anthropic's {@code anthropic-ratelimit-*-remaining} with RFC 3339
 * {@code -reset} times.
 *
 * @param remainingRequests requests left, or {@code null}
 * @param requestsReset when the request window resets, or {@code null}
 * @param remainingTokens tokens left, or {@code null}
 * @param tokensReset when the token window resets, or {@code null}
 * @author paracle-keys
 */
public record RateLimitReport(@Nullable Long remainingRequests, @Nullable Instant requestsReset,
		@Nullable Long remainingTokens, @Nullable Instant tokensReset) {

	private static final double LONGEST_MILLIS = 365d * 24 * 3_600_000;

	private static final Pattern DURATION_PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|h|m|s)");

	/**
	 * Read the rate limit headers of a response.
	 * @param headers header lookup by name (case-insensitive), returning {@code null} when absent
	 * @param now the time the response arrived
	 * @return the report, or {@code null} when the response has no rate limit header
	 */
	public static @Nullable RateLimitReport from(Function<String, @Nullable String> headers, Instant now) {
		Long remainingRequests = number(headers.apply("x-ratelimit-remaining-requests"));
		Long remainingTokens = number(headers.apply("x-ratelimit-remaining-tokens"));
		Instant requestsReset = relative(headers.apply("x-ratelimit-reset-requests"), now);
		Instant tokensReset = relative(headers.apply("x-ratelimit-reset-tokens"), now);
		if (remainingRequests == null && remainingTokens == null) {
			remainingRequests = number(headers.apply("anthropic-ratelimit-requests-remaining"));
			remainingTokens = number(headers.apply("anthropic-ratelimit-tokens-remaining"));
			requestsReset = absolute(headers.apply("anthropic-ratelimit-requests-reset"));
			tokensReset = absolute(headers.apply("anthropic-ratelimit-tokens-reset"));
		}
		if (remainingRequests == null && remainingTokens == null) {
			return null;
		}
		return new RateLimitReport(remainingRequests, requestsReset, remainingTokens, tokensReset);
	}

	private static @Nullable Long number(@Nullable String value) {
		if (value == null) {
			return null;
		}
		try {
			return Long.parseLong(value.strip());
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

	private static @Nullable Instant relative(@Nullable String value, Instant now) {
		if (value == null || value.isBlank()) {
			return null;
		}
		Matcher matcher = DURATION_PART.matcher(value.strip());
		double millis = 0;
		boolean found = false;
		while (matcher.find()) {
			found = true;
			double amount = Double.parseDouble(matcher.group(1));
			millis += switch (matcher.group(2)) {
				case "h" -> amount * 3_600_000;
				case "m" -> amount * 60_000;
				case "s" -> amount * 1000;
				default -> amount;
			};
		}
		// a huge or non-finite reset must not overflow the instant: capped at a year (and by max-cooldown later)
		return found ? now.plusMillis(Math.round(Math.min(Math.max(millis, 0), LONGEST_MILLIS))) : null;
	}

	private static @Nullable Instant absolute(@Nullable String value) {
		if (value == null || value.isBlank()) {
			return null;
		}
		try {
			return OffsetDateTime.parse(value.strip()).toInstant();
		}
		catch (DateTimeParseException ex) {
			return null;
		}
	}

}
