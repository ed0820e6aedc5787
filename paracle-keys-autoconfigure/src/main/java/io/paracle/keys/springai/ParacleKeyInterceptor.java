package io.paracle.keys.springai;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Supplier;

import io.paracle.keys.catalog.KeyTransport;
import io.paracle.keys.metrics.ApiCallMetrics;
import io.paracle.keys.provider.LlmProviderException;
import io.paracle.keys.provider.ProviderRequestException;
import io.paracle.keys.provider.ProviderUnavailableException;
import io.paracle.keys.provider.client.AbstractLlmProvider;
import io.paracle.keys.provider.client.ExchangeAttempt;
import io.paracle.keys.resolve.ApiKey;
import io.paracle.keys.resolve.MissingApiKeyException;
import okhttp3.Interceptor;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.Buffer;
import okio.BufferedSource;
import org.jspecify.annotations.Nullable;

/**
 * OkHttp interceptor that runs every HTTP exchange of a Spring AI model (the OpenAI, Anthropic and google-genai
 * SDKs under Spring AI 2) through the call pipeline of one paracle configuration: each attempt goes out with the
 * key the key pool chose, in the header the provider expects, and what came back decides what follows (429
 * cool-down and the next key, 401/403 rejection with one re-read and the next key, 5xx and I/O retries). A
 * successful blocking answer (up to 1 MiB) is read whole into its body's own buffer inside the attempt, its
 * tokens counted, so an answer cut off in the middle is retried like any I/O failure; a stream
 * ({@code text/event-stream}) or a larger answer keeps its measured call open until the SDK has read it
 * ({@link MeasuredResponseBody}: the tokens, and for a stream its first chunk and its end).
 * <p>
 * What the SDK sees: a successful answer as is; an answer the pipeline gave up on for a reason that is not the
 * keys (a 400, or a 5xx after the retries) as the provider sent it, so the SDK raises its usual exception; no
 * key left as Spring AI's {@code TransientAiException} (every key cooling, with the earliest free time) or
 * {@code NonTransientAiException} (every key refused), whose messages name the provider and fingerprints only.
 *
 * @author paracle-keys
 */
final class ParacleKeyInterceptor implements Interceptor {

	private static final long MAX_ERROR_BODY_BYTES = 64 * 1024;

	private static final String EVENT_STREAM = "text/event-stream";

	/** The largest answer read into memory before the SDK reads it (1 MiB); larger ones are measured as read. */
	static final long MAX_ANSWER_IN_MEMORY = 1024 * 1024;


	private static final ThreadLocal<@Nullable String> lastFingerprint = new ThreadLocal<>();

	private final String configuration;

	private final Supplier<AbstractLlmProvider> provider;

	/** The request model of the last call, reused while the requests ask for the same one. */
	private volatile @Nullable String lastModel;

	ParacleKeyInterceptor(String configuration, Supplier<AbstractLlmProvider> provider) {
		this.configuration = configuration;
		this.provider = provider;
	}

	String configuration() {
		return this.configuration;
	}

	@Override
	public Response intercept(Chain chain) throws IOException {
		AbstractLlmProvider provider = this.provider.get();
		KeyTransport transport = provider.descriptor().keyTransport();
		Request request = chain.request();
		ErrorAnswer errorAnswer = new ErrorAnswer();
		try {
			return provider.exchange(operation(request), requestModel(request),
					(key, attempt) -> send(chain, request, transport, key, attempt, errorAnswer));
		}
		catch (LlmProviderException ex) {
			Response answer = errorAnswer.forGivenUp(ex);
			if (answer != null) {
				return answer;
			}
			if (ex instanceof ProviderUnavailableException && ex.getCause() instanceof IOException io) {
				throw io;
			}
			throw failure(request, SpringAiExceptions.translate(ex));
		}
		catch (MissingApiKeyException ex) {
			throw failure(request, SpringAiExceptions.translate(ex));
		}
	}

	private static Response send(Chain chain, Request request, KeyTransport transport, @Nullable ApiKey key,
			ExchangeAttempt attempt, ErrorAnswer errorAnswer) throws IOException {
		Response response = chain.proceed(withKey(request, transport, key));
		int status = response.code();
		attempt.responded(status, response::header);
		if (response.isSuccessful()) {
			lastFingerprint.set((key != null) ? key.fingerprint() : null);
			ResponseBody body = response.body();
			if (body == null) {
				return response;
			}
			boolean eventStream = isEventStream(response.header("Content-Type"));
			if (!eventStream && readInMemory(response, body, attempt)) {
				// the whole answer is in the body's own buffer, its tokens counted: the SDK reads it from there
				return response;
			}
			// a stream, or a very large answer: the measured call ends when the SDK is done with the body
			return response.newBuilder()
				.body(new MeasuredResponseBody(body, attempt.streaming(), eventStream))
				.build();
		}
		String text = bodyText(response, key);
		errorAnswer.remember(response, text);
		throw attempt.failed(status, response.header("Retry-After"), text);
	}

	/**
	 * Read a whole answer of at most {@value #MAX_ANSWER_IN_MEMORY} bytes into its body's own buffer (the SDK
	 * reads it from there, nothing is copied) and count its tokens, so the measured call ends with the exchange
	 * and an answer cut in the middle fails the attempt (and is retried) instead of reaching the SDK. A larger
	 * answer is left to be measured as the SDK reads it.
	 * @return whether the answer was read
	 * @throws IOException when the answer breaks off (the response is closed)
	 */
	private static boolean readInMemory(Response response, ResponseBody body, ExchangeAttempt attempt)
			throws IOException {
		if (body.contentLength() > MAX_ANSWER_IN_MEMORY) {
			return false;
		}
		BufferedSource source = body.source();
		try {
			if (source.request(MAX_ANSWER_IN_MEMORY + 1)) {
				return false;
			}
		}
		catch (IOException ex) {
			response.close();
			throw ex;
		}
		AnswerScanner scanner = new AnswerScanner();
		scanner.scanAnswer(source.getBuffer());
		if (scanner.hasTokens()) {
			attempt.tokens(scanner.model(), scanner.inputTokens(), scanner.outputTokens());
		}
		return true;
	}

	/**
	 * Return the fingerprint of the key of the last successful answer of an exchange run on this thread (for a
	 * blocking Spring AI call, the thread that made it).
	 */
	static @Nullable String lastFingerprint() {
		return lastFingerprint.get();
	}

	private static Request withKey(Request request, KeyTransport transport, @Nullable ApiKey key) {
		String header = transport.headerName();
		if (key == null || header == null) {
			return request;
		}
		Request.Builder keyed = request.newBuilder().header(header, transport.headerValue(key.secret()));
		if (transport != KeyTransport.BEARER && request.header("Authorization") != null) {
			keyed.removeHeader("Authorization");
		}
		return keyed.build();
	}

	/**
	 * Read an error answer's body (at most 64 KB) and close it; the key, if the provider echoed it, is replaced
	 * by its fingerprint.
	 */
	private static String bodyText(Response response, @Nullable ApiKey key) throws IOException {
		try (ResponseBody body = response.body()) {
			if (body == null) {
				return "";
			}
			BufferedSource source = body.source();
			source.request(MAX_ERROR_BODY_BYTES);
			Buffer buffer = source.getBuffer();
			String text = buffer.readString(Math.min(buffer.size(), MAX_ERROR_BODY_BYTES), StandardCharsets.UTF_8);
			if (key != null && text.contains(key.secret())) {
				text = text.replace(key.secret(), "[" + key.fingerprint() + "]");
			}
			return text;
		}
	}

	/**
	 * Return whether a {@code Content-Type} header is {@code text/event-stream}, read from the header's text
	 * (OkHttp's {@code MediaType} parses it with a regular expression on every call).
	 */
	static boolean isEventStream(@Nullable String contentType) {
		if (contentType == null) {
			return false;
		}
		int start = 0;
		while (start < contentType.length() && contentType.charAt(start) == ' ') {
			start++;
		}
		int end = start + EVENT_STREAM.length();
		return contentType.regionMatches(true, start, EVENT_STREAM, 0, EVENT_STREAM.length())
				&& (end == contentType.length() || contentType.charAt(end) == ';' || contentType.charAt(end) == ' ');
	}

	private static String operation(Request request) {
		// read from the URL's text: HttpUrl#encodedPath() makes a new string on every call
		String url = request.url().toString();
		int query = url.indexOf('?');
		int end = (query >= 0) ? query : url.length();
		if (pathEndsWith(url, end, "/chat/completions") || pathEndsWith(url, end, "/messages")
				|| pathEndsWith(url, end, "/responses") || pathEndsWith(url, end, ":generateContent")
				|| pathEndsWith(url, end, ":streamGenerateContent")) {
			return ApiCallMetrics.OPERATION_CHAT;
		}
		if (pathEndsWith(url, end, "/models")) {
			return ApiCallMetrics.OPERATION_MODELS;
		}
		String last = request.url().pathSegments().get(request.url().pathSize() - 1);
		int method = last.indexOf(':');
		// Gemini: models/{model}:countTokens, :embedContent, ...
		return (method >= 0) ? last.substring(method + 1) : last;
	}

	/**
	 * Return the model a request asks for: Gemini's is in its path ({@code models/{model}:generateContent}), the
	 * others' in the JSON body.
	 */
	private @Nullable String requestModel(Request request) {
		List<String> segments = request.url().pathSegments();
		for (int i = 0; i < segments.size() - 1; i++) {
			String next = segments.get(i + 1);
			int method = next.indexOf(':');
			if ("models".equals(segments.get(i)) && method > 0) {
				return next.substring(0, method);
			}
		}
		return requestModel(request.body());
	}

	private static boolean pathEndsWith(String url, int end, String suffix) {
		return end >= suffix.length() && url.startsWith(suffix, end - suffix.length());
	}

	/**
	 * Return what the SDK gets when no key is left: Spring AI's exception for a blocking call (it reaches the
	 * caller unchanged); for a streaming request of the OpenAI and Anthropic SDKs (which send it asynchronously,
	 * where only an {@link IOException} may leave an interceptor) an I/O exception with Spring AI's exception as
	 * its cause. The google-genai SDK sends its streaming requests ({@code :streamGenerateContent}) on the calling
	 * thread, so they get Spring AI's exception as a blocking call does.
	 */
	private static RuntimeException failure(Request request, RuntimeException translated) throws IOException {
		if (isStreamingRequest(request.body())) {
			throw new NoKeyLeftIOException(translated);
		}
		return translated;
	}

	/**
	 * Return the model a request asks for (its JSON's first {@code "model"} string), the
	 * {@code gen_ai.request.model} of the measured calls and their tokens. The request is written once into a
	 * pooled buffer and searched without a parser; the name of the last call is reused when it is the same.
	 */
	private @Nullable String requestModel(@Nullable RequestBody body) {
		if (body == null || body.isOneShot()) {
			return null;
		}
		Buffer buffer = new Buffer();
		try {
			body.writeTo(buffer);
			String model = AnswerScanner.requestModel(buffer, this.lastModel);
			if (model != null) {
				this.lastModel = model;
			}
			return model;
		}
		catch (IOException ex) {
			return null;
		}
		finally {
			buffer.clear();
		}
	}

	private static boolean isStreamingRequest(@Nullable RequestBody body) {
		if (body == null || body.isOneShot()) {
			return false;
		}
		try {
			Buffer buffer = new Buffer();
			body.writeTo(buffer);
			String json = buffer.readUtf8();
			return json.contains("\"stream\":true") || json.contains("\"stream\": true");
		}
		catch (IOException ex) {
			return false;
		}
	}

	@Override
	public String toString() {
		return "ParacleKeyInterceptor[" + this.configuration + "]";
	}

	/**
	 * The last error answer of a call, read into memory, so an answer the pipeline does not fail over on can
	 * still reach the SDK as the provider sent it.
	 */
	private static final class ErrorAnswer {

		private @Nullable Response last;

		private String body = "";

		private @Nullable MediaType contentType;

		void remember(Response response, String body) {
			ResponseBody original = response.body();
			this.contentType = (original != null) ? original.contentType() : null;
			this.last = response;
			this.body = body;
		}

		@Nullable Response forGivenUp(LlmProviderException ex) {
			Response last = this.last;
			if (last == null || !ex.hasStatusCode() || ex.getStatusCode() != last.code()) {
				return null;
			}
			boolean notAboutKeys = ex instanceof ProviderRequestException
					|| (ex instanceof ProviderUnavailableException && last.code() >= 500);
			return notAboutKeys ? last.newBuilder().body(ResponseBody.create(this.body, this.contentType)).build()
					: null;
		}

	}

	/**
	 * The I/O exception a streaming request fails with when no key is left: its cause is Spring AI's exception.
	 */
	static final class NoKeyLeftIOException extends IOException {

		NoKeyLeftIOException(RuntimeException cause) {
			super(cause.getMessage(), cause);
		}

	}

}
