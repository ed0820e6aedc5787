package io.paracle.keys.provider.client;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

import org.jspecify.annotations.Nullable;

/**
 * A parsed {@code Retry-After} header: delay-seconds ({@code 7}, also {@code 7.5}) or an HTTP-date
 * ({@code Wed, 21 Oct 2026 07:28:00 GMT}).
 *
 * @param delay how long to wait, never negative
 * @param at when to retry
 * @author paracle-keys
 */
record RetryAfter(Duration delay, Instant at) {

	/** The longest delay read from a header; key cool-downs are capped lower, at {@code max-cooldown}. */
	static final Duration LONGEST = Duration.ofDays(365);

	private static final BigDecimal LONGEST_MILLIS = BigDecimal.valueOf(LONGEST.toMillis());

	static @Nullable RetryAfter parse(@Nullable String value, Clock clock) {
		if (value == null || value.isBlank()) {
			return null;
		}
		String trimmed = value.strip();
		Instant now = clock.instant();
		if (Character.isDigit(trimmed.charAt(0))) {
			try {
				BigDecimal millis = new BigDecimal(trimmed).movePointRight(3);
				// a huge value must not overflow (longValue() wraps): it is capped here, and by max-cooldown later
				Duration delay = (millis.compareTo(LONGEST_MILLIS) > 0) ? LONGEST
						: Duration.ofMillis(Math.max(0, millis.longValue()));
				return new RetryAfter(delay, now.plus(delay));
			}
			catch (NumberFormatException | ArithmeticException ex) {
				return null;
			}
		}
		try {
			Instant at = ZonedDateTime.parse(trimmed, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
			Duration delay = Duration.between(now, at);
			return new RetryAfter(delay.isNegative() ? Duration.ZERO : delay, at);
		}
		catch (DateTimeParseException ex) {
			return null;
		}
	}

}
