package io.paracle.keys.provider.client;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.function.BiConsumer;
import java.util.function.Function;

import io.paracle.keys.metrics.ApiCall;
import io.paracle.keys.catalog.KeyTransport;
import io.paracle.keys.catalog.ProviderDescriptor;
import io.paracle.keys.resilience.KeyPool;
import io.paracle.keys.resilience.RateLimitReport;
import io.paracle.keys.resolve.ApiKey;
import io.paracle.keys.resolve.KeySourceKind;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.exc.JacksonIOException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.web.client.ResourceAccessException;

/**
 * Base of the HTTP wire formats: sends JSON with the key in the provider's header (never in the URL), reads
 * JSON answers, and turns error answers and I/O failures into the starter's exceptions.
 *
 * @author paracle-keys
 */
abstract class HttpTransport implements ProviderTransport {

	/** Reads an answer into a tree, for the wire formats without a streaming reader. */
	private static final AnswerParser<JsonNode> TREE = Json::readTree;

	private final LlmProviderContext context;

	private final ProviderErrors errors;

	private final KeyTransport keyTransport;

	private final String keyHeader;

	private final KeyPool keyPool;

	private final Clock clock;

	HttpTransport(LlmProviderContext context) {
		this.context = context;
		this.errors = context.errors();
		this.keyPool = context.keyPool();
		this.clock = context.keyPools().clock();
		ProviderDescriptor descriptor = context.descriptor();
		this.keyTransport = descriptor.keyTransport();
		String header = this.keyTransport.headerName();
		if (header == null) {
			throw new IllegalArgumentException(descriptor.displayName() + " does not take its key in a header");
		}
		this.keyHeader = header;
	}

	/**
	 * Add the headers the wire format requires besides the key (e.g. {@code anthropic-version}).
	 */
	void addHeaders(BiConsumer<String, String> headers) {
	}

	Response<JsonNode> post(@Nullable ApiKey key, ApiCall call, ObjectNode body, String uriTemplate,
			Object... uriVariables) {
		return execute(HttpMethod.POST, uriTemplate, uriVariables, Json.write(body), TREE, key, call);
	}

	/**
	 * Post and read a successful answer with a streaming reader, without building its tree.
	 */
	<T> T post(@Nullable ApiKey key, ApiCall call, ObjectNode body, AnswerParser<T> parser, String uriTemplate,
			Object... uriVariables) {
		return execute(HttpMethod.POST, uriTemplate, uriVariables, Json.write(body), parser, key, call).body();
	}

	Response<JsonNode> get(@Nullable ApiKey key, ApiCall call, String uriTemplate, Object... uriVariables) {
		return execute(HttpMethod.GET, uriTemplate, uriVariables, null, TREE, key, call);
	}

	private <T> Response<T> execute(HttpMethod method, String uriTemplate, Object[] uriVariables,
			byte @Nullable [] json, AnswerParser<T> parser, @Nullable ApiKey key, ApiCall call) {
		if (key == null) {
			throw new IllegalStateException("An HTTP provider call needs a key");
		}
		try {
			return this.context.httpClient().exchange(method, uriTemplate, uriVariables, json, (headers) -> {
				// the value setAccept(List.of(APPLICATION_JSON)) writes, without formatting it on every call
				headers.accept(HttpHeaders.ACCEPT, MediaType.APPLICATION_JSON_VALUE);
				headers.accept(this.keyHeader, this.keyTransport.headerValue(key.secret()));
				addHeaders(headers);
			}, (status, headers, body) -> {
				call.status(status);
				reportRateLimits(key, headers);
				if (status >= 200 && status < 300) {
					return new Response<>(status, read(status, body, parser, key));
				}
				String detail = ProviderErrors.decode(readPrefix(body));
				throw this.errors.fromStatus(status, headers.apply(HttpHeaders.RETRY_AFTER), detail, key);
			});
		}
		catch (ResourceAccessException | IOException ex) {
			throw this.errors.noAnswer(ex, key);
		}
	}

	/**
	 * Hand the provider's rate limit headers to the key pool, which cools the key down before a 429 when the
	 * provider says nothing is left until a reset.
	 */
	private void reportRateLimits(ApiKey key, Function<String, @Nullable String> headers) {
		RateLimitReport report = RateLimitReport.from(headers, this.clock.instant());
		if (report != null && key.origin().kind() != KeySourceKind.PER_CALL) {
			this.keyPool.rateLimitReport(key, report.remainingRequests(), report.requestsReset(),
					report.remainingTokens(), report.tokensReset());
		}
	}

	private <T> T read(int status, InputStream body, AnswerParser<T> parser, ApiKey key) throws IOException {
		try (JsonParser json = Json.parser(body)) {
			return parser.parse(json);
		}
		catch (JacksonIOException ex) {
			// reading failed (e.g. a read timeout): an I/O error, not a malformed answer
			throw ex.getCause();
		}
		catch (JacksonException ex) {
			throw this.errors.unreadable(status, ex, key);
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
