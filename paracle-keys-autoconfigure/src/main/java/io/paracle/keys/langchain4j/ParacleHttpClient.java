package io.paracle.keys.langchain4j;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpHeaders;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandler;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

import dev.langchain4j.exception.LangChain4jException;
import dev.langchain4j.http.client.HttpClient;
import dev.langchain4j.http.client.HttpRequest;
import dev.langchain4j.http.client.SuccessfulHttpResponse;
import dev.langchain4j.http.client.sse.ServerSentEventListener;
import dev.langchain4j.http.client.sse.ServerSentEventParser;
import io.paracle.keys.catalog.KeyTransport;
import io.paracle.keys.metrics.ApiCallMetrics;
import io.paracle.keys.provider.InvalidResponseException;
import io.paracle.keys.provider.client.AbstractLlmProvider;
import io.paracle.keys.provider.client.ExchangeAttempt;
import io.paracle.keys.provider.client.StreamingCall;
import io.paracle.keys.resolve.ApiKey;
import org.jspecify.annotations.Nullable;

/**
 * A LangChain4j {@link HttpClient} that runs every request of a LangChain4j model through the call pipeline of one
 * provider configuration ({@link AbstractLlmProvider#exchange}): each attempt goes out with the key the pool picks,
 * in the provider's key header (whatever key the model put there is dropped, so models are built with
 * {@link ParacleLangChain4j#API_KEY_PLACEHOLDER}); 429 cools the key down and 401/403 rejects it (with one re-read
 * of the key sources), and the same request goes out again with the next key within the one model call; 5xx and
 * I/O failures are retried per {@code max-retries}. Tokens are counted here, once per call, from the answer's
 * usage. When the pipeline gives up the model sees the LangChain4j exception it maps statuses to
 * ({@link LangChain4jErrors}).
 * <p>
 * A stream ({@code execute(request, parser, listener)}) runs on the integration's stream executor: it fails over
 * only until the provider answers 2xx, before any event reaches the listener; after that the measured call stays
 * open until the stream ends ({@link MeasuredEventListener}).
 * <p>
 * The transport is the JDK {@link java.net.http.HttpClient}, as in LangChain4j's default
 * {@code langchain4j-http-client-jdk}. A request is sent only to the origin of the configuration's base URL: the
 * key never goes to a host the configuration does not name.
 *
 * @author paracle-keys
 */
final class ParacleHttpClient implements HttpClient {

	/** The longest part of an error answer read for its message. */
	private static final int MAX_ERROR_BYTES = 8 * 1024;

	private final AbstractLlmProvider provider;

	private final java.net.http.HttpClient http;

	private final Duration readTimeout;

	private final long maxResponseBytes;

	private final Executor streams;

	private final BoundedBodyHandler bodies;

	private final KeyTransport keyTransport;

	private final String keyHeader;

	private final @Nullable URI origin;

	ParacleHttpClient(AbstractLlmProvider provider, Duration connectTimeout, Duration readTimeout,
			long maxResponseBytes, Executor streams) {
		this.provider = provider;
		this.http = java.net.http.HttpClient.newBuilder().connectTimeout(connectTimeout).build();
		this.readTimeout = readTimeout;
		this.maxResponseBytes = maxResponseBytes;
		this.streams = streams;
		this.bodies = new BoundedBodyHandler(maxResponseBytes, MAX_ERROR_BYTES);
		this.keyTransport = provider.descriptor().keyTransport();
		this.keyHeader = ParacleLangChain4j.keyHeader(provider);
		String baseUrl = provider.context().baseUrl();
		this.origin = (baseUrl != null) ? URI.create(baseUrl) : null;
	}

	@Override
	public SuccessfulHttpResponse execute(HttpRequest request) {
		URI uri = uri(request);
		try {
			return this.provider.exchange(operation(request, uri), model(request, uri),
					(key, attempt) -> send(request, uri, key, attempt));
		}
		catch (RuntimeException ex) {
			throw LangChain4jErrors.translate(ex);
		}
	}

	@Override
	public void execute(HttpRequest request, ServerSentEventParser parser, ServerSentEventListener listener) {
		try {
			URI uri = uri(request);
			this.streams.execute(() -> stream(request, uri, parser, listener));
		}
		catch (RuntimeException ex) {
			// a request to another host, or no thread left for the stream: the model hears it as any error
			MeasuredEventListener.notify(listener, (ex instanceof RejectedExecutionException)
					? new LangChain4jException("No thread for the stream of provider '" + this.provider.name() + "'", ex)
					: LangChain4jErrors.translate(ex));
		}
	}

	private SuccessfulHttpResponse send(HttpRequest request, URI uri, @Nullable ApiKey key, ExchangeAttempt attempt)
			throws IOException {
		HttpResponse<byte[]> response;
		try {
			response = exchange(request, uri, key, attempt, this.bodies);
		}
		catch (IOException ex) {
			if (isTooLarge(ex)) {
				throw new InvalidResponseException(this.provider.name(), 200,
						this.provider.descriptor().displayName() + " (provider '" + this.provider.name()
								+ "') answered more than paracle.http.max-response-size (" + this.maxResponseBytes
								+ " bytes); not retried",
						null);
			}
			throw ex;
		}
		byte[] bytes = response.body();
		int status = response.statusCode();
		if (status < 200 || status >= 300) {
			throw failure(response, attempt, new String(bytes, StandardCharsets.UTF_8));
		}
		TokenUsage usage = new TokenUsage();
		usage.read(bytes);
		if (usage.total() > 0) {
			attempt.tokens(usage.model(), usage.inputTokens(), usage.outputTokens());
		}
		return SuccessfulHttpResponse.builder()
			.statusCode(status)
			.headers(withFingerprint(response, key))
			.body(bytes)
			.build();
	}

	private static boolean isTooLarge(Throwable ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof BoundedBodyHandler.AnswerTooLargeException) {
				return true;
			}
		}
		return false;
	}

	private void stream(HttpRequest request, URI uri, ServerSentEventParser parser,
			ServerSentEventListener listener) {
		OpenStream open;
		try {
			open = this.provider.exchange(operation(request, uri), model(request, uri),
					(key, attempt) -> open(request, uri, key, attempt));
		}
		catch (RuntimeException ex) {
			MeasuredEventListener.notify(listener, LangChain4jErrors.translate(ex));
			return;
		}
		MeasuredEventListener measured = new MeasuredEventListener(this.provider.name(), listener, open.call());
		try (InputStream body = open.response().body()) {
			measured.open(SuccessfulHttpResponse.builder()
				.statusCode(open.response().statusCode())
				.headers(withFingerprint(open.response(), open.call().key()))
				.build());
			parser.parse(body, measured);
			measured.end();
		}
		catch (IOException | RuntimeException ex) {
			measured.onError(ex);
			measured.end();
		}
	}

	private OpenStream open(HttpRequest request, URI uri, @Nullable ApiKey key, ExchangeAttempt attempt)
			throws IOException {
		HttpResponse<InputStream> response = exchange(request, uri, key, attempt, BodyHandlers.ofInputStream());
		int status = response.statusCode();
		if (status < 200 || status >= 300) {
			try (InputStream body = response.body()) {
				throw failure(response, attempt,
						new String(body.readNBytes(MAX_ERROR_BYTES), StandardCharsets.UTF_8));
			}
		}
		return new OpenStream(response, attempt.streaming());
	}

	/**
	 * The answer's headers and {@value ParacleLangChain4j#KEY_FINGERPRINT_HEADER}: which key answered, for
	 * whoever reads the raw response ({@code OpenAiChatResponseMetadata.rawHttpResponse()}).
	 */
	private static Map<String, List<String>> withFingerprint(HttpResponse<?> response, @Nullable ApiKey key) {
		Map<String, List<String>> headers = response.headers().map();
		if (key == null) {
			return headers;
		}
		return new FingerprintedHeaders(headers, key.fingerprint());
	}

	/**
	 * Send the request with the attempt's key and report the answer to the attempt.
	 */
	private <T> HttpResponse<T> exchange(HttpRequest request, URI uri, @Nullable ApiKey key, ExchangeAttempt attempt,
			BodyHandler<T> bodyHandler) throws IOException {
		HttpResponse<T> response;
		try {
			response = this.http.send(jdkRequest(request, uri, key, attempt), bodyHandler);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new LangChain4jException("Interrupted while calling provider '" + this.provider.name() + "'", ex);
		}
		Map<String, List<String>> headers = response.headers().map();
		attempt.responded(response.statusCode(), (name) -> firstValue(headers, name));
		return response;
	}

	/**
	 * The first value of a header: the JDK's header map is case-insensitive, and a lookup through it skips the
	 * stream and {@code Optional} of {@link HttpHeaders#firstValue} (the pipeline asks for several rate-limit
	 * headers on every answer).
	 */
	private static @Nullable String firstValue(Map<String, List<String>> headers, String name) {
		List<String> values = headers.get(name);
		return (values != null && !values.isEmpty()) ? values.get(0) : null;
	}

	/**
	 * Return the attempt's exception for an answer that is not 2xx.
	 */
	private static RuntimeException failure(HttpResponse<?> response, ExchangeAttempt attempt, String detail) {
		int status = response.statusCode();
		HttpHeaders headers = response.headers();
		if (status >= 300 && status < 400) {
			return attempt.redirected(status, headers.firstValue("Location").orElse(null));
		}
		return attempt.failed(status, headers.firstValue("Retry-After").orElse(null), detail);
	}

	private java.net.http.HttpRequest jdkRequest(HttpRequest request, URI uri, @Nullable ApiKey key,
			ExchangeAttempt attempt) {
		java.net.http.HttpRequest.Builder builder = java.net.http.HttpRequest.newBuilder(uri);
		for (Map.Entry<String, List<String>> header : request.headers().entrySet()) {
			// the model's own key (the placeholder) never goes out: the attempt's key replaces it
			if (header.getValue() != null && !header.getKey().equalsIgnoreCase(this.keyHeader)) {
				for (String value : header.getValue()) {
					builder.header(header.getKey(), value);
				}
			}
		}
		if (key == null) {
			throw new IllegalStateException("Provider '" + this.provider.name() + "' has no key for this request");
		}
		builder.header(this.keyHeader, this.keyTransport.headerValue(key.secret()));
		String body = request.body();
		if (!request.formDataFields().isEmpty() || !request.formDataFiles().isEmpty()) {
			throw new LangChain4jException("Provider '" + this.provider.name()
					+ "': multipart requests are not supported by paracle's LangChain4j HTTP client");
		}
		builder.method(request.method().name(), (body != null)
				? java.net.http.HttpRequest.BodyPublishers.ofString(body)
				: java.net.http.HttpRequest.BodyPublishers.noBody());
		long remaining = attempt.deadlineNanos() - System.nanoTime();
		builder.timeout((remaining > 0 && remaining < this.readTimeout.toNanos()) ? Duration.ofNanos(remaining)
				: this.readTimeout);
		return builder.build();
	}

	/**
	 * Return the request's URI, refusing one outside the configuration's base URL origin: the key of this
	 * configuration goes only where the configuration says.
	 */
	private URI uri(HttpRequest request) {
		URI uri = URI.create(request.url());
		URI origin = this.origin;
		if (origin != null && !(equalsIgnoreCase(origin.getScheme(), uri.getScheme())
				&& equalsIgnoreCase(origin.getHost(), uri.getHost()) && port(origin) == port(uri))) {
			throw new IllegalArgumentException("Provider '" + this.provider.name() + "' sends its keys only to "
					+ origin.getScheme() + "://" + origin.getAuthority() + " (paracle.providers." + this.provider.name()
					+ ".base-url), but the LangChain4j model asked for " + uri.getScheme() + "://"
					+ uri.getAuthority() + ": set the model's baseUrl to the configuration's base URL, or the "
					+ "configuration's base-url to the model's");
		}
		return uri;
	}

	private static boolean equalsIgnoreCase(@Nullable String left, @Nullable String right) {
		return (left == null) ? right == null : left.equalsIgnoreCase(right);
	}

	private static int port(URI uri) {
		if (uri.getPort() != -1) {
			return uri.getPort();
		}
		return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
	}

	/**
	 * The {@code operation} tag of the measured call: {@code chat} for chat requests, {@code embeddings},
	 * {@code models}, else {@code request}.
	 */
	static String operation(HttpRequest request, URI uri) {
		String path = String.valueOf(uri.getPath()).toLowerCase(Locale.ROOT);
		if (path.endsWith("/chat/completions") || path.endsWith("/messages") || path.endsWith(":generatecontent")
				|| path.endsWith(":streamgeneratecontent") || path.endsWith("/completions")) {
			return ApiCallMetrics.OPERATION_CHAT;
		}
		if (path.endsWith("/embeddings") || path.endsWith(":embedcontent") || path.endsWith(":batchembedcontents")) {
			return "embeddings";
		}
		if (path.endsWith("/models") || (path.contains("/models/") && "GET".equals(request.method().name()))) {
			return ApiCallMetrics.OPERATION_MODELS;
		}
		return "request";
	}

	/**
	 * The {@code model} tag: Gemini names it in the path, the others in the body's top-level {@code "model"}
	 * (found without parsing the body); {@code null} when neither does.
	 */
	static @Nullable String model(HttpRequest request, URI uri) {
		String path = uri.getPath();
		int models = (path != null) ? path.indexOf("/models/") : -1;
		if (models >= 0) {
			int start = models + "/models/".length();
			int end = path.indexOf(':', start);
			return path.substring(start, (end > start) ? end : path.length());
		}
		String body = request.body();
		if (body == null) {
			return null;
		}
		int field = body.indexOf("\"model\"");
		if (field < 0) {
			return null;
		}
		int colon = body.indexOf(':', field);
		int open = (colon >= 0) ? body.indexOf('"', colon + 1) : -1;
		int close = (open >= 0) ? body.indexOf('"', open + 1) : -1;
		return (close > open + 1 && close - open < 200) ? body.substring(open + 1, close) : null;
	}

	/**
	 * A stream the provider accepted: its answer with the body unread, and the measured call it ends.
	 */
	private record OpenStream(HttpResponse<InputStream> response, StreamingCall call) {

	}

}
