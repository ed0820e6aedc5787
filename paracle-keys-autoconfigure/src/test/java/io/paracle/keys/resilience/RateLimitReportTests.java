package io.paracle.keys.resilience;

import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reading the providers' rate limit headers and Retry-After.
 */
class RateLimitReportTests {

	private static final Instant NOW = Instant.parse("2026-11-27T10:00:00Z");

	@Test
	void openAiHeadersWithGoStyleDurations() {
		Map<String, String> headers = Map.of("x-ratelimit-remaining-requests", "0", "x-ratelimit-reset-requests",
				"6m0.5s", "x-ratelimit-remaining-tokens", "149984", "x-ratelimit-reset-tokens", "20ms");
		RateLimitReport report = RateLimitReport.from(headers::get, NOW);
		assertThat(report).isEqualTo(new RateLimitReport(0L, Instant.parse("2026-11-27T10:06:00.500Z"), 149984L,
				Instant.parse("2026-11-27T10:00:00.020Z")));
	}

	@Test
	void anthropicHeadersWithRfc3339Times() {
		Map<String, String> headers = Map.of("anthropic-ratelimit-requests-remaining", "49",
				"anthropic-ratelimit-requests-reset", "2026-11-27T10:00:30Z", "anthropic-ratelimit-tokens-remaining",
				"0", "anthropic-ratelimit-tokens-reset", "2026-11-27T10:01:00Z");
		assertThat(RateLimitReport.from(headers::get, NOW)).isEqualTo(new RateLimitReport(49L,
				Instant.parse("2026-11-27T10:00:30Z"), 0L, Instant.parse("2026-11-27T10:01:00Z")));
	}

	@Test
	void noRateLimitHeaders() {
		assertThat(RateLimitReport.from(Map.<String, String>of()::get, NOW)).isNull();
	}

}
