package io.paracle.keys.langchain4j;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandler;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.langchain4j.exception.LangChain4jException;
import dev.langchain4j.http.client.HttpRequest;
import org.jspecify.annotations.Nullable;

/**
 * The JDK {@link HttpClient} transport, as in LangChain4j's default {@code langchain4j-http-client-jdk}: used when
 * Apache HttpClient 5 is not on the classpath. Redirects are not followed; answers are read on the client's own
 * threads ({@link BoundedBodyHandler}).
 *
 * @author paracle-keys
 */
final class JdkTransport implements LangChain4jTransport {

	private final String provider;

	private final HttpClient http;

	private final Duration readTimeout;

	private final BoundedBodyHandler bodies;

	JdkTransport(String provider, Duration connectTimeout, Duration readTimeout, long maxResponseBytes) {
		this.provider = provider;
		this.http = HttpClient.newBuilder().connectTimeout(connectTimeout).build();
		this.readTimeout = readTimeout;
		this.bodies = new BoundedBodyHandler(maxResponseBytes, MAX_ERROR_BYTES);
	}

	@Override
	public String name() {
		return "jdk";
	}

	@Override
	public Answer exchange(HttpRequest request, URI uri, String keyHeader, String keyValue, long deadlineNanos)
			throws IOException {
		return new JdkAnswer(send(request, uri, keyHeader, keyValue, deadlineNanos, this.bodies));
	}

	@Override
	public OpenAnswer open(HttpRequest request, URI uri, String keyHeader, String keyValue, long deadlineNanos)
			throws IOException {
		return new JdkOpenAnswer(send(request, uri, keyHeader, keyValue, deadlineNanos, BodyHandlers.ofInputStream()));
	}

	private <T> HttpResponse<T> send(HttpRequest request, URI uri, String keyHeader, String keyValue,
			long deadlineNanos, BodyHandler<T> bodyHandler) throws IOException {
		java.net.http.HttpRequest.Builder builder = java.net.http.HttpRequest.newBuilder(uri);
		for (Map.Entry<String, List<String>> header : request.headers().entrySet()) {
			// the model's own key (the placeholder) never goes out: the attempt's key replaces it
			if (header.getValue() != null && !header.getKey().equalsIgnoreCase(keyHeader)) {
				for (String value : header.getValue()) {
					builder.header(header.getKey(), value);
				}
			}
		}
		builder.header(keyHeader, keyValue);
		String body = request.body();
		builder.method(request.method().name(), (body != null) ? BodyPublishers.ofString(body) : BodyPublishers.noBody());
		long remaining = deadlineNanos - System.nanoTime();
		builder.timeout((remaining > 0 && remaining < this.readTimeout.toNanos()) ? Duration.ofNanos(remaining)
				: this.readTimeout);
		try {
			return this.http.send(builder.build(), bodyHandler);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new LangChain4jException("Interrupted while calling provider '" + this.provider + "'", ex);
		}
	}

	/**
	 * The first value of a header: the JDK's header map is case-insensitive, and a lookup through it skips the
	 * stream and {@code Optional} of {@link HttpHeaders#firstValue} (the pipeline asks for several rate-limit
	 * headers on every answer).
	 */
	private static @Nullable String firstValue(HttpResponse<?> response, String name) {
		List<String> values = response.headers().map().get(name);
		return (values != null && !values.isEmpty()) ? values.get(0) : null;
	}

	private record JdkAnswer(HttpResponse<byte[]> response) implements Answer {

		@Override
		public int status() {
			return this.response.statusCode();
		}

		@Override
		public @Nullable String header(String name) {
			return firstValue(this.response, name);
		}

		@Override
		public Map<String, List<String>> headers() {
			return this.response.headers().map();
		}

		@Override
		public byte[] body() {
			return this.response.body();
		}

	}

	private record JdkOpenAnswer(HttpResponse<InputStream> response) implements OpenAnswer {

		@Override
		public int status() {
			return this.response.statusCode();
		}

		@Override
		public @Nullable String header(String name) {
			return firstValue(this.response, name);
		}

		@Override
		public Map<String, List<String>> headers() {
			return this.response.headers().map();
		}

		@Override
		public InputStream body() {
			return this.response.body();
		}

	}

}
