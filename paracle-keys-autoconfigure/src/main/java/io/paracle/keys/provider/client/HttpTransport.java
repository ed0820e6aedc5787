package io.paracle.keys.provider.client;

import java.io.IOException;
import java.io.InputStream;
import java.util.function.BiConsumer;

import io.paracle.keys.catalog.KeyTransport;
import io.paracle.keys.catalog.ProviderDescriptor;
import io.paracle.keys.provider.ChatStream;
import io.paracle.keys.resolve.ApiKey;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.exc.JacksonIOException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;

/**
 * Base of the HTTP wire formats: sends JSON with the key in the provider's header (never in the URL), reports
 * each answer's status and headers to the attempt, reads JSON answers, and throws the attempt's exception for an
 * error answer. What follows a failure (cool-down, rejection, failover, retry) is the call pipeline's decision.
 *
 * @author paracle-keys
 */
abstract class HttpTransport implements ProviderTransport {

	/** Reads an answer into a tree, for the wire formats without a streaming reader. */
	private static final AnswerParser<JsonNode> TREE = Json::readTree;

	private final LlmProviderContext context;

	private final KeyTransport keyTransport;

	private final String keyHeader;

	HttpTransport(LlmProviderContext context) {
		this.context = context;
		ProviderDescriptor descriptor = context.descriptor();
		this.keyTransport = descriptor.keyTransport();
		String header = this.keyTransport.headerName();
		if (header == null) {
			throw new IllegalArgumentException(descriptor.displayName() + " does not take its key in a header");
		}
		this.keyHeader = header;
	}

	@Override
	public boolean streams() {
		return true;
	}

	/**
	 * Add the headers the wire format requires besides the key (e.g. {@code anthropic-version}).
	 */
	void addHeaders(BiConsumer<String, String> headers) {
	}

	Response<JsonNode> post(@Nullable ApiKey key, ExchangeAttempt attempt, ObjectNode body, String uriTemplate,
			Object... uriVariables) throws IOException {
		return execute(HttpMethod.POST, uriTemplate, uriVariables, Json.write(body), TREE, key, attempt);
	}

	/**
	 * Post and read a successful answer with a streaming reader, without building its tree.
	 */
	<T> T post(@Nullable ApiKey key, ExchangeAttempt attempt, ObjectNode body, AnswerParser<T> parser,
			String uriTemplate, Object... uriVariables) throws IOException {
		return execute(HttpMethod.POST, uriTemplate, uriVariables, Json.write(body), parser, key, attempt).body();
	}

	Response<JsonNode> get(@Nullable ApiKey key, ExchangeAttempt attempt, String uriTemplate,
			Object... uriVariables) throws IOException {
		return execute(HttpMethod.GET, uriTemplate, uriVariables, null, TREE, key, attempt);
	}

	/**
	 * Post a streaming request and read its answer up to the first chunk: the key in its header, {@code Accept:
	 * text/event-stream}; an error answer throws the attempt's exception (the pipeline fails over or retries).
	 */
	ChatStream stream(@Nullable ApiKey key, ExchangeAttempt attempt, ObjectNode body, String model,
			StreamDecoder decoder, String uriTemplate, Object... uriVariables) throws IOException {
		if (key == null) {
			throw new IllegalStateException("An HTTP provider call needs a key");
		}
		ProviderHttpClient.OpenAnswer answer = this.context.httpClient().open(uriTemplate, uriVariables,
				Json.write(body), (headers) -> {
					headers.accept(HttpHeaders.ACCEPT, MediaType.TEXT_EVENT_STREAM_VALUE);
					headers.accept(this.keyHeader, this.keyTransport.headerValue(key.secret()));
					addHeaders(headers);
				});
		try {
			int status = answer.status();
			attempt.responded(status, answer::header);
			long maxBytes = this.context.maxResponseBytes();
			BoundedBody bounded = new BoundedBody(answer.body(), maxBytes, attempt.deadlineNanos());
			if (status >= 300 && status < 400) {
				throw attempt.redirected(status, answer.header(HttpHeaders.LOCATION));
			}
			if (status < 200 || status >= 300) {
				String detail = ProviderErrors.decode(readPrefix(bounded));
				throw attempt.failed(status, answer.header(HttpHeaders.RETRY_AFTER), detail);
			}
			HttpChatStream stream = new HttpChatStream(this.context.name(), model, answer, bounded, decoder, attempt,
					maxBytes);
			stream.open();
			return stream;
		}
		catch (BoundedBody.AnswerTooLargeException ex) {
			answer.abort();
			throw attempt.tooLarge(answer.status(), ex.maxBytes());
		}
		catch (IOException | RuntimeException | Error ex) {
			answer.abort();
			throw ex;
		}
	}

	private <T> Response<T> execute(HttpMethod method, String uriTemplate, Object[] uriVariables,
			byte @Nullable [] json, AnswerParser<T> parser, @Nullable ApiKey key, ExchangeAttempt attempt)
			throws IOException {
		if (key == null) {
			throw new IllegalStateException("An HTTP provider call needs a key");
		}
		return this.context.httpClient().exchange(method, uriTemplate, uriVariables, json, (headers) -> {
			// the value setAccept(List.of(APPLICATION_JSON)) writes, without formatting it on every call
			headers.accept(HttpHeaders.ACCEPT, MediaType.APPLICATION_JSON_VALUE);
			headers.accept(this.keyHeader, this.keyTransport.headerValue(key.secret()));
			addHeaders(headers);
		}, (status, headers, raw) -> {
			attempt.responded(status, headers);
			InputStream body = new BoundedBody(raw, this.context.maxResponseBytes(), attempt.deadlineNanos());
			if (status >= 200 && status < 300) {
				return new Response<>(status, read(status, body, parser, attempt));
			}
			if (status >= 300 && status < 400) {
				throw attempt.redirected(status, headers.apply(HttpHeaders.LOCATION));
			}
			String detail = ProviderErrors.decode(readPrefix(body));
			throw attempt.failed(status, headers.apply(HttpHeaders.RETRY_AFTER), detail);
		});
	}

	private static <T> T read(int status, InputStream body, AnswerParser<T> parser, ExchangeAttempt attempt)
			throws IOException {
		try (JsonParser json = Json.parser(body)) {
			return parser.parse(json);
		}
		catch (JacksonIOException ex) {
			if (ex.getCause() instanceof BoundedBody.AnswerTooLargeException tooLarge) {
				throw attempt.tooLarge(status, tooLarge.maxBytes());
			}
			// reading failed (e.g. a read timeout): an I/O error, not a malformed answer
			throw ex.getCause();
		}
		catch (JacksonException ex) {
			throw attempt.unreadable(status, ex);
		}
	}

	private static byte[] readPrefix(InputStream body) throws IOException {
		return body.readNBytes(ProviderErrors.MAX_BODY_BYTES);
	}

	/**
	 * Reads a successful answer from a JSON parser positioned before its first token.
	 *
	 * @param <T> the result
	 */
	@FunctionalInterface
	interface AnswerParser<T> {

		T parse(JsonParser parser);

	}

	/**
	 * A successful answer.
	 *
	 * @param <T> what was read from its body: a tree, or what an {@link AnswerParser} made of it
	 */
	record Response<T>(int status, T body) {

	}

}
