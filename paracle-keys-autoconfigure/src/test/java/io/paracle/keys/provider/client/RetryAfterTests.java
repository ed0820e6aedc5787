package io.paracle.keys.provider.client;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link RetryAfter}.
 */
class RetryAfterTests {

	private final Clock clock = Clock.fixed(Instant.parse("2026-01-17T10:00:00Z"), ZoneOffset.UTC);

	@Test
	void parsesDelaySeconds() {
		assertThat(RetryAfter.parse("7", this.clock))
			.isEqualTo(new RetryAfter(Duration.ofSeconds(7), Instant.parse("2026-01-17T10:00:07Z")));
		assertThat(RetryAfter.parse(" 0.5 ", this.clock).delay()).isEqualTo(Duration.ofMillis(500));
	}

	@Test
	void parsesHttpDates() {
		assertThat(RetryAfter.parse("Sat, 17 Jan 2026 10:00:30 GMT", this.clock))
			.isEqualTo(new RetryAfter(Duration.ofSeconds(30), Instant.parse("2026-01-17T10:00:30Z")));
		assertThat(RetryAfter.parse("Sat, 17 Jan 2026 09:59:00 GMT", this.clock).delay()).isZero();
	}

	@Test
	void ignoresMissingAndMalformedValues() {
		assertThat(RetryAfter.parse(null, this.clock)).isNull();
		assertThat(RetryAfter.parse("", this.clock)).isNull();
		assertThat(RetryAfter.parse("soon", this.clock)).isNull();
		assertThat(RetryAfter.parse("7x", this.clock)).isNull();
	}

}
