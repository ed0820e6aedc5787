package io.paracle.keys.provider.client;

import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;

import io.paracle.keys.metrics.ApiCall;
import io.paracle.keys.provider.KeyTransport;
import io.paracle.keys.provider.ProviderDescriptor;
import io.paracle.keys.resilience.KeyPool;
import io.paracle.keys.resilience.RateLimitReport;
import io.paracle.keys.resolve.ApiKey;
import io.paracle.keys.resolve.KeySourceKind;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.JacksonIOException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;

/**
 * Base of the HTTP wire formats: sends JSON with the key in the provider's header (never in the URL), reads
 * JSON answers, and turns error answers and I/O failures into the starter's exceptions.
 *
 * @author paracle-keys
 */
abstract class HttpTransport implements ProviderTransport {

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
	void addHeaders(HttpHeaders headers) {
	}

	Response post(@Nullable ApiKey key, ApiCall call, ObjectNode body, String uriTemplate, Object... uriVariables) {
		byte[] json = Json.write(body);
		return execute(this.context.restClient()
			.post()
			.uri(uriTemplate, uriVariables)
			.contentType(MediaType.APPLICATION_JSON)
			.body(json), key, call);
	}

	Response get(@Nullable ApiKey key, ApiCall call, String uriTemplate, Object... uriVariables) {
		return execute(this.context.restClient().get().uri(uriTemplate, uriVariables), key, call);
	}

	private Response execute(RestClient.RequestHeadersSpec<?> spec, @Nullable ApiKey key, ApiCall call) {
		if (key == null) {
			throw new IllegalStateException("An HTTP provider call needs a key");
		}
		try {
			return spec.headers((headers) -> {
				// the value setAccept(List.of(APPLICATION_JSON)) writes, without formatting it on every call
				headers.set(HttpHeaders.ACCEPT, MediaType.APPLICATION_JSON_VALUE);
				headers.set(this.keyHeader, this.keyTransport.headerValue(key.secret()));
				addHeaders(headers);
			}).exchange((request, response) -> {
				int status = response.getStatusCode().value();
				call.status(status);
				reportRateLimits(key, response.getHeaders());
				if (status >= 200 && status < 300) {
					return new Response(status, read(status, response.getBody(), key));
				}
				String body = ProviderErrors.decode(readPrefix(response.getBody()));
				throw this.errors.fromStatus(status, response.getHeaders().getFirst(HttpHeaders.RETRY_AFTER), body,
						key);
			});
		}
		catch (ResourceAccessException ex) {
			throw this.errors.noAnswer(ex, key);
		}
	}

	/**
	 * Hand the provider's rate limit headers to the key pool, which cools the key down before a 429 when the
	 * provider says nothing is left until a reset.
	 */
	private void reportRateLimits(ApiKey key, HttpHeaders headers) {
		RateLimitReport report = RateLimitReport.from(headers::getFirst, this.clock.instant());
		if (report != null && key.origin().kind() != KeySourceKind.PER_CALL) {
			this.keyPool.rateLimitReport(key, report.remainingRequests(), report.requestsReset(),
					report.remainingTokens(), report.tokensReset());
		}
	}

	private JsonNode read(int status, InputStream body, ApiKey key) throws IOException {
		try {
			return Json.read(body);
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
	 * A successful answer.
	 */
	record Response(int status, JsonNode body) {

	}

}
