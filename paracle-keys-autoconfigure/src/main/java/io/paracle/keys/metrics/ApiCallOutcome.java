package io.paracle.keys.metrics;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.TimeoutException;

import io.paracle.keys.provider.BudgetExceededException;
import io.paracle.keys.provider.InvalidApiKeyException;
import io.paracle.keys.provider.InvalidResponseException;
import io.paracle.keys.provider.LlmProviderException;
import io.paracle.keys.provider.ProviderRequestException;
import io.paracle.keys.provider.ProviderUnavailableException;
import io.paracle.keys.provider.RateLimitExceededException;
import io.paracle.keys.resolve.MissingApiKeyException;
import org.jspecify.annotations.Nullable;

import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClientResponseException;

/**
 * How a call ended: the {@value ApiCallMetrics#OUTCOME} tag.
 * <p>
 * Exceptions are classified as follows: {@link InvalidApiKeyException} and {@link MissingApiKeyException} are
 * {@link #AUTH_ERROR}; {@link RateLimitExceededException} is {@link #RATE_LIMITED};
 * {@link BudgetExceededException} is {@link #BUDGET_EXCEEDED};
 * {@link InvalidResponseException} is {@link #INVALID_RESPONSE}; {@link ProviderUnavailableException} is
 * {@link #SERVER_ERROR} with an HTTP status and {@link #IO_ERROR}
 * without; {@link ProviderRequestException} is {@link #CLIENT_ERROR}; Spring's
 * {@link RestClientResponseException} follows its status; I/O errors and timeouts ({@link IOException},
 * {@link UncheckedIOException}, {@link ResourceAccessException}, {@link TimeoutException}, also as the direct
 * cause) are {@link #IO_ERROR}. Any other exception is {@link #CLIENT_ERROR}: it was raised on the caller's
 * side, not reported by the provider.
 *
 * @author paracle-keys
 */
public enum ApiCallOutcome {

	/** The call succeeded (2xx, or a method that returned normally). */
	SUCCESS("success"),

	/** The request was refused (4xx other than 401, 403, 429) or failed on the caller's side. */
	CLIENT_ERROR("client_error"),

	/** The key was rejected (401, 403) or missing. */
	AUTH_ERROR("auth_error"),

	/** The provider answered 429. */
	RATE_LIMITED("rate_limited"),

	/** The provider answered 5xx. */
	SERVER_ERROR("server_error"),

	/** No answer: connection failure, I/O error or timeout. */
	IO_ERROR("io_error"),

	/** A success status without a usable answer (not the expected JSON, no choices, ...). */
	INVALID_RESPONSE("invalid_response"),

	/**
	 * The caller cancelled the call before it ended: a stream whose subscriber cancelled, or whose client went
	 * away.
	 */
	CANCELLED("cancelled"),


	/** Not sent: a token budget of the configuration is used up ({@link BudgetExceededException}). */
	BUDGET_EXCEEDED("budget_exceeded");

	private final String tagValue;

	ApiCallOutcome(String tagValue) {
		this.tagValue = tagValue;
	}

	/**
	 * Return the value of the {@value ApiCallMetrics#OUTCOME} tag.
	 * @return the tag value
	 */
	public String tagValue() {
		return this.tagValue;
	}

	/**
	 * Classify an HTTP status.
	 * @param status the status
	 * @return the outcome
	 */
	public static ApiCallOutcome ofStatus(int status) {
		if (status == 401 || status == 403) {
			return AUTH_ERROR;
		}
		if (status == 429) {
			return RATE_LIMITED;
		}
		if (status >= 500) {
			return SERVER_ERROR;
		}
		if (status >= 400) {
			return CLIENT_ERROR;
		}
		return SUCCESS;
	}

	/**
	 * Classify an exception, as described on this type.
	 * @param ex the exception
	 * @return the outcome
	 */
	public static ApiCallOutcome of(Throwable ex) {
		if (ex instanceof InvalidApiKeyException || ex instanceof MissingApiKeyException) {
			return AUTH_ERROR;
		}
		if (ex instanceof RateLimitExceededException) {
			return RATE_LIMITED;
		}
		if (ex instanceof BudgetExceededException) {
			return BUDGET_EXCEEDED;
		}
		if (ex instanceof InvalidResponseException) {
			return INVALID_RESPONSE;
		}
		if (ex instanceof ProviderUnavailableException unavailable) {
			return unavailable.hasStatusCode() ? SERVER_ERROR : IO_ERROR;
		}
		if (ex instanceof ProviderRequestException) {
			return CLIENT_ERROR;
		}
		if (ex instanceof LlmProviderException other) {
			return other.hasStatusCode() ? ofStatus(other.getStatusCode()) : IO_ERROR;
		}
		if (ex instanceof RestClientResponseException response) {
			ApiCallOutcome outcome = ofStatus(response.getStatusCode().value());
			return (outcome != SUCCESS) ? outcome : CLIENT_ERROR;
		}
		if (isIoError(ex) || isIoError(ex.getCause())) {
			return IO_ERROR;
		}
		return CLIENT_ERROR;
	}

	/**
	 * Return the HTTP status an exception carries.
	 * @param ex the exception
	 * @return the status, or {@code 0} when it carries none
	 */
	public static int statusOf(Throwable ex) {
		if (ex instanceof LlmProviderException provider) {
			return provider.getStatusCode();
		}
		if (ex instanceof RestClientResponseException response) {
			return response.getStatusCode().value();
		}
		return 0;
	}

	private static boolean isIoError(@Nullable Throwable ex) {
		return ex instanceof IOException || ex instanceof UncheckedIOException || ex instanceof ResourceAccessException
				|| ex instanceof TimeoutException;
	}

}
