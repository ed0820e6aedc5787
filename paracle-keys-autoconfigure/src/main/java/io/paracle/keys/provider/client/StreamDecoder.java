package io.paracle.keys.provider.client;

import io.paracle.keys.provider.LlmProviderException;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JsonParser;

/**
 * Reads the events of one streaming wire format: the text delta of each event, and what the stream says about
 * itself on the way (the model, the finish reason, the token usage, its end). One instance per stream, read on
 * one thread.
 *
 * @author paracle-keys
 */
abstract class StreamDecoder {

	@Nullable String model;

	@Nullable String finishReason;

	long inputTokens;

	long outputTokens;

	/** Whether the provider said the stream is over ({@code [DONE]}, {@code message_stop}). */
	boolean done;

	/**
	 * Return whether {@link #decode} reads tokens only (no trees): it then gets a bare parser, cheaper per event.
	 */
	boolean readsTokensOnly() {
		return false;
	}

	/**
	 * Read one event.
	 * @param event the {@code event:} name, or {@code null}
	 * @param data the event's data as a parser before its first token
	 * @param events the reader positioned on the event (its raw data, for error events)
	 * @param attempt the attempt, for the exceptions of error events
	 * @return the text delta of the event, or {@code null} when it carries none
	 * @throws LlmProviderException for an error event
	 */
	abstract @Nullable String decode(@Nullable String event, JsonParser data, SseReader events,
			ExchangeAttempt attempt);

	/**
	 * Return whether the event's data is not JSON but a marker the format ends with ({@code [DONE]}); such an event
	 * ends the stream.
	 * @param events the reader positioned on the event
	 */
	boolean isEndMarker(SseReader events) {
		return false;
	}

	/**
	 * Return whether the format ends its streams with an event of its own ({@code [DONE]}, {@code message_stop},
	 * {@code message-end}): a body that ends before it, and before any finish reason, was cut off.
	 */
	boolean endsWithEvent() {
		return true;
	}

	/**
	 * Return the HTTP status an error type of the provider stands for, as its non-streaming API would answer.
	 */
	static int statusOfErrorType(@Nullable String type) {
		if (type == null) {
			return 500;
		}
		return switch (type) {
			case "overloaded_error" -> 529;
			case "rate_limit_error", "rate_limit_exceeded", "RESOURCE_EXHAUSTED" -> 429;
			case "authentication_error", "invalid_api_key", "UNAUTHENTICATED" -> 401;
			case "permission_error", "PERMISSION_DENIED" -> 403;
			case "invalid_request_error", "INVALID_ARGUMENT" -> 400;
			case "not_found_error", "NOT_FOUND" -> 404;
			case "request_too_large" -> 413;
			case "UNAVAILABLE" -> 503;
			case "DEADLINE_EXCEEDED" -> 504;
			default -> 500;
		};
	}

}
