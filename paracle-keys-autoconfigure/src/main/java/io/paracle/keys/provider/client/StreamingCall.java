package io.paracle.keys.provider.client;

import java.util.concurrent.atomic.AtomicBoolean;

import io.paracle.keys.metrics.ApiCall;
import io.paracle.keys.metrics.ApiCallOutcome;
import io.paracle.keys.provider.LlmProviderException;
import io.paracle.keys.resilience.KeyPools;
import io.paracle.keys.resolve.ApiKey;
import org.jspecify.annotations.Nullable;

/**
 * The measured call of a stream, open from the attempt that started it until the stream ends. A
 * {@link KeyedExchange} asks for it with {@link ExchangeAttempt#streaming()} and returns once the stream is open:
 * everything the call pipeline does between attempts (failover to the next key, re-read, retries) therefore
 * happens before the first byte reaches the caller; what happens after is reported here.
 * <p>
 * The stream reports {@link #firstChunk()} when its first chunk reaches the caller, {@link #tokens} from the
 * final usage, and then exactly one of {@link #completed()}, {@link #failed(Throwable)} or {@link #cancelled()}:
 * the first of them ends the call ({@code api.calls} once, {@code api.call.duration} the whole stream), later
 * ones are ignored. Safe to call from any thread.
 *
 * @author paracle-keys
 */
public final class StreamingCall {

	private final String name;

	private final ApiCall call;

	private final KeyPools keyPools;

	private final @Nullable ApiKey key;

	private final AtomicBoolean ended = new AtomicBoolean();

	StreamingCall(String name, ApiCall call, KeyPools keyPools, @Nullable ApiKey key) {
		this.name = name;
		this.call = call;
		this.keyPools = keyPools;
		this.key = key;
	}

	/**
	 * Return the key the stream was opened with.
	 * @return the key, or {@code null} when the provider signs requests itself
	 */
	public @Nullable ApiKey key() {
		return this.key;
	}

	/**
	 * Report that the first chunk reached the caller (recorded once, as the time to first chunk).
	 */
	public void firstChunk() {
		if (!this.ended.get()) {
			this.call.firstChunk();
		}
	}

	/**
	 * Report the token usage of the stream, from its final usage.
	 * @param responseModel the model that answered, or {@code null}
	 * @param inputTokens the input tokens
	 * @param outputTokens the output tokens
	 */
	public void tokens(@Nullable String responseModel, long inputTokens, long outputTokens) {
		if (!this.ended.get()) {
			this.call.tokens(responseModel, inputTokens, outputTokens);
		}
	}

	/**
	 * End the call: the stream ended normally.
	 */
	public void completed() {
		end(null, false);
	}

	/**
	 * End the call: the stream failed after it was open (an error event, a broken connection, a stall).
	 * @param error the failure, classified as any other ({@link ApiCallOutcome#of(Throwable)})
	 */
	public void failed(Throwable error) {
		end(error, false);
	}

	/**
	 * End the call: the caller cancelled the stream ({@code outcome=cancelled}).
	 */
	public void cancelled() {
		end(null, true);
	}

	/**
	 * Return whether the stream has ended.
	 * @return whether one of the ending methods was called
	 */
	public boolean isEnded() {
		return this.ended.get();
	}

	/**
	 * Called by the pipeline when the exchange that asked for this call failed before it returned: the pipeline
	 * measures that attempt itself, and whatever the stream reports later is ignored.
	 */
	void abandon() {
		this.ended.set(true);
	}

	private void end(@Nullable Throwable error, boolean cancelled) {
		if (!this.ended.compareAndSet(false, true)) {
			return;
		}
		ApiCallOutcome outcome;
		if (cancelled) {
			this.call.cancelled();
			outcome = ApiCallOutcome.CANCELLED;
		}
		else if (error != null) {
			this.call.error(error);
			outcome = ApiCallOutcome.of(error);
		}
		else {
			outcome = ApiCallOutcome.SUCCESS;
		}
		this.call.stop();
		Integer status = (error instanceof LlmProviderException ex && ex.hasStatusCode()) ? ex.getStatusCode()
				: (outcome == ApiCallOutcome.SUCCESS) ? Integer.valueOf(200) : null;
		this.keyPools.recordCall(this.name, outcome.tagValue(), status,
				(this.key != null) ? this.key.fingerprint() : null);
	}

}
