package io.paracle.keys.langchain4j;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
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
 * The requests go out through a {@link LangChain4jTransport}: Apache HttpClient 5, the configuration's own client,
 * when the application has it, else the JDK {@code HttpClient}. A request is sent only to the origin of the
 * configuration's base URL: the key never goes to a host the configuration does not name.
 *
 * @author paracle-keys
 */
final class ParacleHttpClient implements HttpClient {

	private final AbstractLlmProvider provider;

	private final LangChain4jTransport transport;

	private final long maxResponseBytes;

	private final Executor streams;

	private final KeyTransport keyTransport;

	private final String keyHeader;

	private final @Nullable URI origin;

	ParacleHttpClient(AbstractLlmProvider provider, LangChain4jTransport transport, long maxResponseBytes,
			Executor streams) {
		this.provider = provider;
		this.transport = transport;
		this.maxResponseBytes = maxResponseBytes;
		this.streams = streams;
		this.keyTransport = provider.descriptor().keyTransport();
		this.keyHeader = ParacleLangChain4j.keyHeader(provider);
		String baseUrl = provider.context().baseUrl();
		this.origin = (baseUrl != null) ? URI.create(baseUrl) : null;
	}

	/**
	 * Return what sends the requests: {@code apache-httpclient5} or {@code jdk}.
	 */
	String transport() {
		return this.transport.name();
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
		LangChain4jTransport.Answer answer;
		try {
			answer = this.transport.exchange(request, uri, this.keyHeader, keyValue(request, key),
					attempt.deadlineNanos());
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
		attempt.responded(answer.status(), answer::header);
		byte[] bytes = answer.body();
		int status = answer.status();
		if (status < 200 || status >= 300) {
			throw failure(answer, attempt, new String(bytes, StandardCharsets.UTF_8));
		}
		TokenUsage usage = new TokenUsage();
		usage.read(bytes);
		if (usage.total() > 0) {
			attempt.tokens(usage.model(), usage.inputTokens(), usage.outputTokens());
		}
		return SuccessfulHttpResponse.builder()
			.statusCode(status)
			.headers(withFingerprint(answer, key))
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
		try (InputStream body = open.body()) {
			measured.open(SuccessfulHttpResponse.builder()
				.statusCode(open.answer().status())
				.headers(withFingerprint(open.answer(), open.call().key()))
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
		LangChain4jTransport.OpenAnswer answer = this.transport.open(request, uri, this.keyHeader,
				keyValue(request, key), attempt.deadlineNanos());
		InputStream body = answer.body();
		try {
			attempt.responded(answer.status(), answer::header);
			int status = answer.status();
			if (status < 200 || status >= 300) {
				throw failure(answer, attempt, new String(body.readNBytes(LangChain4jTransport.MAX_ERROR_BYTES),
						StandardCharsets.UTF_8));
			}
			return new OpenStream(answer, body, attempt.streaming());
		}
		catch (IOException | RuntimeException ex) {
			body.close();
			throw ex;
		}
	}

	/**
	 * The value of the key header for this attempt; refuses what paracle's client cannot send.
	 */
	private String keyValue(HttpRequest request, @Nullable ApiKey key) {
		if (key == null) {
			throw new IllegalStateException("Provider '" + this.provider.name() + "' has no key for this request");
		}
		if (!request.formDataFields().isEmpty() || !request.formDataFiles().isEmpty()) {
			throw new LangChain4jException("Provider '" + this.provider.name()
					+ "': multipart requests are not supported by paracle's LangChain4j HTTP client");
		}
		return this.keyTransport.headerValue(key.secret());
	}

	/**
	 * The answer's headers and {@value ParacleLangChain4j#KEY_FINGERPRINT_HEADER}: which key answered, for
	 * whoever reads the raw response ({@code OpenAiChatResponseMetadata.rawHttpResponse()}).
	 */
	private static Map<String, List<String>> withFingerprint(LangChain4jTransport.Received answer,
			@Nullable ApiKey key) {
		Map<String, List<String>> headers = answer.headers();
		if (key == null) {
			return headers;
		}
		return new FingerprintedHeaders(headers, key.fingerprint());
	}

	/**
	 * Return the attempt's exception for an answer that is not 2xx.
	 */
	private static RuntimeException failure(LangChain4jTransport.Received answer, ExchangeAttempt attempt,
			String detail) {
		int status = answer.status();
		if (status >= 300 && status < 400) {
			return attempt.redirected(status, answer.header("Location"));
		}
		return attempt.failed(status, answer.header("Retry-After"), detail);
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
		String path = String.valueOf(uri.getPath());
		if (endsWith(path, "/chat/completions") || endsWith(path, "/messages") || endsWith(path, ":generatecontent")
				|| endsWith(path, ":streamgeneratecontent") || endsWith(path, "/completions")) {
			return ApiCallMetrics.OPERATION_CHAT;
		}
		if (endsWith(path, "/embeddings") || endsWith(path, ":embedcontent") || endsWith(path, ":batchembedcontents")) {
			return "embeddings";
		}
		if (endsWith(path, "/models")
				|| (path.toLowerCase(Locale.ROOT).contains("/models/") && "GET".equals(request.method().name()))) {
			return ApiCallMetrics.OPERATION_MODELS;
		}
		return "request";
	}

	/**
	 * Whether a path ends with a suffix, ignoring case (without a lower-cased copy of the path on every call).
	 */
	private static boolean endsWith(String path, String suffix) {
		return path.regionMatches(true, path.length() - suffix.length(), suffix, 0, suffix.length());
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
	private record OpenStream(LangChain4jTransport.Received answer, InputStream body, StreamingCall call) {

	}

}
