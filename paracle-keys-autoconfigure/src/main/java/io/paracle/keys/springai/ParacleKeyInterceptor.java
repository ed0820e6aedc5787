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
 * successful answer keeps its measured call open until the SDK has read it ({@link MeasuredResponseBody}: the
 * tokens of the answer, and for a stream, {@code text/event-stream}, its first chunk and its end).
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

	private static final ThreadLocal<@Nullable String> lastFingerprint = new ThreadLocal<>();

	private final String configuration;

	private final Supplier<AbstractLlmProvider> provider;

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
			// the measured call ends when the SDK is done with the body: tokens, and a stream's end
			return response.newBuilder()
				.body(new MeasuredResponseBody(body, attempt.streaming(), isEventStream(body.contentType())))
				.build();
		}
		String text = bodyText(response, key);
		errorAnswer.remember(response, text);
		throw attempt.failed(status, response.header("Retry-After"), text);
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

	private static boolean isEventStream(@Nullable MediaType contentType) {
		return contentType != null && "text".equals(contentType.type())
				&& "event-stream".equals(contentType.subtype());
	}

	private static String operation(Request request) {
		String path = request.url().encodedPath();
		if (path.endsWith("/chat/completions") || path.endsWith("/messages") || path.endsWith("/responses")
				|| path.endsWith(":generateContent") || path.endsWith(":streamGenerateContent")) {
			return ApiCallMetrics.OPERATION_CHAT;
		}
		if (path.endsWith("/models")) {
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
	private static @Nullable String requestModel(Request request) {
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
	 * Return the model a request asks for (its JSON's first {@code "model"}), the {@code gen_ai.request.model} of
	 * the measured calls and their tokens.
	 */
	private static @Nullable String requestModel(@Nullable RequestBody body) {
		if (body == null || body.isOneShot()) {
			return null;
		}
		try {
			Buffer buffer = new Buffer();
			body.writeTo(buffer);
			AnswerScanner scanner = new AnswerScanner();
			while (!buffer.exhausted() && scanner.model() == null) {
				scanner.scan(buffer.readByte());
			}
			buffer.clear();
			return scanner.model();
		}
		catch (IOException ex) {
			return null;
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
