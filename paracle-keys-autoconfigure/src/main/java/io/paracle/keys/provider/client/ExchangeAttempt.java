package io.paracle.keys.provider.client;

import java.util.function.Function;

import io.paracle.keys.metrics.ApiCall;
import io.paracle.keys.provider.InvalidResponseException;
import io.paracle.keys.provider.LlmProviderException;
import io.paracle.keys.provider.ProviderUnavailableException;
import io.paracle.keys.resolve.ApiKey;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;

/**
 * One measured attempt of a call, handed to a {@link KeyedExchange}: the exchange reports what it saw here, and
 * the call pipeline decides what follows (cool-down, rejection, failover, retry). Messages of the exceptions it
 * makes name the provider and the key's fingerprint, never the key.
 *
 * @author paracle-keys
 */
public final class ExchangeAttempt {

	private final CallPipeline pipeline;

	private final ApiCall call;

	private final @Nullable ApiKey key;

	private final long deadlineNanos;

	private @Nullable StreamingCall streaming;

	ExchangeAttempt(CallPipeline pipeline, ApiCall call, @Nullable ApiKey key, long deadlineNanos) {
		this.pipeline = pipeline;
		this.call = call;
		this.key = key;
		this.deadlineNanos = deadlineNanos;
	}

	/**
	 * Return the {@link System#nanoTime()} by which this attempt's exchange must have ended: its start plus the
	 * configuration's {@code timeout}, or the end of the {@code call-timeout} when that comes first. An exchange
	 * that reads past it should fail as a timeout and close its connection.
	 * @return the deadline
	 */
	public long deadlineNanos() {
		return this.deadlineNanos;
	}

	/**
	 * Keep the measured call of this attempt open beyond the exchange, for a stream: when the exchange returns
	 * normally (the stream is open), the call ends when the stream reports its end on the returned
	 * {@link StreamingCall}, not when the exchange returns. An exchange that fails before it returns throws, as
	 * any other, and the pipeline fails over or retries; it must not end the streaming call itself.
	 * @return the streaming call of this attempt (the same one on every invocation)
	 */
	public StreamingCall streaming() {
		StreamingCall streaming = this.streaming;
		if (streaming == null) {
			streaming = this.pipeline.streamingCall(this.call, this.key);
			this.streaming = streaming;
		}
		return streaming;
	}

	/**
	 * Return the streaming call asked for by the exchange, if any.
	 */
	@Nullable StreamingCall streamingCall() {
		return this.streaming;
	}

	/**
	 * Return the key of this attempt.
	 * @return the key, or {@code null} when the provider signs requests itself
	 */
	public @Nullable ApiKey key() {
		return this.key;
	}

	/**
	 * Report an answer: its status is measured, and the provider's rate-limit headers go to the key pool, which
	 * may cool the key down before a 429.
	 * @param status the HTTP status
	 * @param headers the first value of a response header by name, or {@code null}
	 */
	public void responded(int status, Function<String, @Nullable String> headers) {
		this.call.status(status);
		this.pipeline.rateLimits(this.key, headers);
	}

	/**
	 * Return the exception for an error answer, classified once for every wire format: 401/403 an invalid key,
	 * 429 a rate limit (with {@code Retry-After}), 5xx an unavailable provider, any other a refused request.
	 * @param status the HTTP status (not 2xx)
	 * @param retryAfter the {@code Retry-After} header, or {@code null}
	 * @param detail what the provider said (scrubbed of the key here), or {@code null}
	 * @return the exception to throw
	 */
	public LlmProviderException failed(int status, @Nullable String retryAfter, @Nullable String detail) {
		return this.pipeline.errors().fromStatus(status, retryAfter, detail, this.key);
	}

	/**
	 * Return the exception for a redirect instead of an answer: it names the host it points to (never the rest of
	 * the location, which may carry tokens).
	 * @param status the HTTP status (3xx)
	 * @param location the {@code Location} header, or {@code null}
	 * @return the exception to throw
	 */
	public LlmProviderException redirected(int status, @Nullable String location) {
		return this.pipeline.errors().redirected(status, location);
	}

	/**
	 * Return the exception for a 2xx answer that could not be read.
	 * @param status the status
	 * @param ex the parse failure
	 * @return the exception to throw
	 */
	InvalidResponseException unreadable(int status, JacksonException ex) {
		return this.pipeline.errors().unreadable(status, ex, this.key);
	}

	/**
	 * Return the exception for an answer larger than {@code paracle.http.max-response-size} (never retried).
	 */
	InvalidResponseException tooLarge(int status, long maxBytes) {
		return this.pipeline.errors().tooLarge(status, maxBytes);
	}

	/**
	 * Return the exception for a stream whose body ended before the format's last event.
	 */
	ProviderUnavailableException streamCut() {
		return this.pipeline.errors().streamCut();
	}

	/**
	 * Return the exception for a 2xx answer that is JSON but holds no answer (never retried).
	 * @param status the status
	 * @param missing what is missing, e.g. {@code "no choices"}
	 * @return the exception to throw
	 */
	public InvalidResponseException noAnswerInBody(int status, String missing) {
		return this.pipeline.errors().noAnswerInBody(status, missing);
	}

	/**
	 * Return the exception for an exchange that got no answer.
	 * @param ex the failure
	 * @return the exception to throw
	 */
	public ProviderUnavailableException noAnswer(Throwable ex) {
		return this.pipeline.errors().noAnswer(ex, this.key);
	}

	/**
	 * Count the tokens of the answer: in the measured call, and in the configuration's token budgets.
	 * @param responseModel the model that answered, or {@code null}
	 * @param inputTokens the input tokens
	 * @param outputTokens the output tokens
	 */
	public void tokens(@Nullable String responseModel, long inputTokens, long outputTokens) {
		this.call.tokens(responseModel, inputTokens, outputTokens);
		this.pipeline.tokens(inputTokens + outputTokens);
	}

	/**
	 * Report the model that answered when the answer counted no tokens ({@link #tokens} reports it otherwise).
	 * @param responseModel the model that answered, or {@code null}
	 */
	public void responseModel(@Nullable String responseModel) {
		this.call.responseModel(responseModel);
	}

}
