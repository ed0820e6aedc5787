package io.paracle.keys.resolve;

import java.time.Duration;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Refuses provider settings that cannot work, at startup, instead of at the first call: each problem names the
 * property, the value and the valid range.
 *
 * @author paracle-keys
 */
final class SettingsChecks {

	private static final String PREFIX = "paracle.providers.";

	private SettingsChecks() {
	}

	static void check(String name, ProviderProperties properties, List<KeyProblem> problems) {
		positive(name, "timeout", properties.getTimeout(), "60s", problems);
		positive(name, "connect-timeout", properties.getConnectTimeout(), "10s", problems);
		if (properties.getCallTimeout() != null) {
			positive(name, "call-timeout", properties.getCallTimeout(), "unset, no bound", problems);
		}
		positive(name, "max-cooldown", properties.getMaxCooldown(), "10m", problems);
		notNegative(name, "retry-backoff", properties.getRetryBackoff(), "500ms", problems);
		notNegative(name, "cooldown", properties.getCooldown(), "30s", problems);
		notNegative(name, "rejection-probe-interval", properties.getRejectionProbeInterval(), "10m (0 = never)",
				problems);
		notNegative(name, "rate-limit.max-wait", properties.getRateLimit().getMaxWait(), "5s (0 = do not wait)",
				problems);
		if (properties.getMaxRetries() < 0) {
			problems.add(problem(name, "max-retries", String.valueOf(properties.getMaxRetries()),
					"0 or more (0 = no retries)", "2"));
		}
		Integer perMinute = properties.getRateLimit().getRequestsPerMinute();
		if (perMinute != null && perMinute < 1) {
			problems.add(problem(name, "rate-limit.requests-per-minute", String.valueOf(perMinute),
					"1 or more, or unset for no client-side limit", "unset"));
		}
		positiveTokens(name, "rate-limit.tokens-per-minute", properties.getRateLimit().getTokensPerMinute(), problems);
		positiveTokens(name, "budget.tokens-per-day", properties.getBudget().getTokensPerDay(), problems);
		positiveTokens(name, "budget.tokens-per-month", properties.getBudget().getTokensPerMonth(), problems);
	}

	private static void positiveTokens(String name, String property, @Nullable Long tokens,
			List<KeyProblem> problems) {
		if (tokens != null && tokens < 1) {
			problems.add(problem(name, property, String.valueOf(tokens), "1 or more tokens, or unset for no budget",
					"unset"));
		}
	}

	private static void positive(String name, String property, @Nullable Duration value, String fallback,
			List<KeyProblem> problems) {
		if (value == null || value.isZero() || value.isNegative()) {
			problems.add(problem(name, property, format(value), "a duration longer than zero", fallback));
		}
	}

	private static void notNegative(String name, String property, @Nullable Duration value, String fallback,
			List<KeyProblem> problems) {
		if (value == null || value.isNegative()) {
			problems.add(problem(name, property, format(value), "zero or a positive duration", fallback));
		}
	}

	private static String format(@Nullable Duration value) {
		if (value == null) {
			return "empty";
		}
		long millis = value.toMillis();
		return (millis % 1000 == 0) ? (millis / 1000) + "s" : millis + "ms";
	}

	private static KeyProblem problem(String name, String property, String value, String range, String fallback) {
		String full = PREFIX + name + "." + property;
		return new KeyProblem(name, full + " is " + value + ", which cannot work: it must be " + range,
				"Set " + full + " to " + range + ", or remove it for the default (" + fallback + ").");
	}

}
