package io.paracle.keys.metrics;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.TimeoutException;

import io.paracle.keys.provider.InvalidApiKeyException;
import io.paracle.keys.provider.LlmProviderException;
import io.paracle.keys.provider.ProviderRequestException;
import io.paracle.keys.provider.ProviderUnavailableException;
import io.paracle.keys.provider.RateLimitExceededException;
import io.paracle.keys.resolve.MissingApiKeyException;
import org.junit.jupiter.api.Test;

import org.springframework.http.HttpStatus;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.HttpServerErrorException;
import org.springframework.web.client.ResourceAccessException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ApiCallOutcome}.
 */
class ApiCallOutcomeTests {

	@Test
	void classifiesTheStartersExceptions() {
		assertThat(ApiCallOutcome.of(new InvalidApiKeyException("openai", 401, null, null, "m")))
			.isEqualTo(ApiCallOutcome.AUTH_ERROR);
		assertThat(ApiCallOutcome.of(new MissingApiKeyException("openai"))).isEqualTo(ApiCallOutcome.AUTH_ERROR);
		assertThat(ApiCallOutcome.of(new RateLimitExceededException("openai", 429, null, null, "m")))
			.isEqualTo(ApiCallOutcome.RATE_LIMITED);
		assertThat(ApiCallOutcome.of(new ProviderUnavailableException("openai", 502, "m", null)))
			.isEqualTo(ApiCallOutcome.SERVER_ERROR);
		assertThat(ApiCallOutcome.of(new ProviderUnavailableException("openai", 0, "m", null)))
			.isEqualTo(ApiCallOutcome.IO_ERROR);
		assertThat(ApiCallOutcome.of(new ProviderRequestException("openai", 404, "m")))
			.isEqualTo(ApiCallOutcome.CLIENT_ERROR);
		assertThat(ApiCallOutcome.of(new LlmProviderException("openai", 503, "m", null)))
			.isEqualTo(ApiCallOutcome.SERVER_ERROR);
	}

	@Test
	void classifiesSpringAndIoExceptions() {
		assertThat(ApiCallOutcome.of(HttpClientErrorException.create(HttpStatus.UNAUTHORIZED, "", null, null, null)))
			.isEqualTo(ApiCallOutcome.AUTH_ERROR);
		assertThat(ApiCallOutcome.of(HttpClientErrorException.create(HttpStatus.TOO_MANY_REQUESTS, "", null, null,
				null))).isEqualTo(ApiCallOutcome.RATE_LIMITED);
		assertThat(ApiCallOutcome.of(HttpServerErrorException.create(HttpStatus.BAD_GATEWAY, "", null, null, null)))
			.isEqualTo(ApiCallOutcome.SERVER_ERROR);
		assertThat(ApiCallOutcome.of(new ResourceAccessException("timeout"))).isEqualTo(ApiCallOutcome.IO_ERROR);
		assertThat(ApiCallOutcome.of(new IOException())).isEqualTo(ApiCallOutcome.IO_ERROR);
		assertThat(ApiCallOutcome.of(new UncheckedIOException(new IOException()))).isEqualTo(ApiCallOutcome.IO_ERROR);
		assertThat(ApiCallOutcome.of(new TimeoutException())).isEqualTo(ApiCallOutcome.IO_ERROR);
		assertThat(ApiCallOutcome.of(new IllegalStateException(new IOException()))).isEqualTo(ApiCallOutcome.IO_ERROR);
	}

	@Test
	void anyOtherExceptionIsAClientError() {
		assertThat(ApiCallOutcome.of(new IllegalArgumentException())).isEqualTo(ApiCallOutcome.CLIENT_ERROR);
		assertThat(ApiCallOutcome.statusOf(new IllegalArgumentException())).isZero();
	}

	@Test
	void statusComesFromTheException() {
		assertThat(ApiCallOutcome.statusOf(new ProviderRequestException("openai", 404, "m"))).isEqualTo(404);
		assertThat(ApiCallOutcome
			.statusOf(HttpServerErrorException.create(HttpStatus.BAD_GATEWAY, "", null, null, null))).isEqualTo(502);
	}

}
