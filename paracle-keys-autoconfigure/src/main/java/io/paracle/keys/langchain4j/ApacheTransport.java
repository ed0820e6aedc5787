package io.paracle.keys.langchain4j;

import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Supplier;

import dev.langchain4j.http.client.HttpRequest;
import io.paracle.keys.provider.client.LlmProviderFactory;
import io.paracle.keys.provider.client.ProviderApacheHttpClients;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.util.Timeout;
import org.jspecify.annotations.Nullable;

import org.springframework.util.function.SingletonSupplier;

/**
 * The Apache HttpClient 5 transport: the requests go out through the client the provider configuration's own
 * calls use ({@link ProviderApacheHttpClients}: its connection pool, {@code paracle.http.ssl-bundle}, the JVM's
 * proxy settings, the {@code LlmProviderHttpClientCustomizer}s), built on the first request. Redirects are not
 * followed (the client's setting). A body is read into one array of its announced length when it has one; a
 * stream closed before its end drops its connection at once instead of reading the rest. Loaded only when
 * Apache HttpClient 5 is on the classpath.
 *
 * @author paracle-keys
 */
final class ApacheTransport implements LangChain4jTransport {

	private final Supplier<CloseableHttpClient> client;

	private final Duration readTimeout;

	private final long maxResponseBytes;

	ApacheTransport(LlmProviderFactory factory, String provider, Duration connectTimeout, Duration readTimeout,
			long maxResponseBytes) {
		this.client = SingletonSupplier
			.of(() -> ProviderApacheHttpClients.of(factory, provider, connectTimeout, readTimeout));
		this.readTimeout = readTimeout;
		this.maxResponseBytes = maxResponseBytes;
	}

	@Override
	public String name() {
		return "apache-httpclient5";
	}

	@Override
	public Answer exchange(HttpRequest request, URI uri, String keyHeader, String keyValue, long deadlineNanos)
			throws IOException {
		HttpUriRequestBase outgoing = request(request, uri, keyHeader, keyValue, deadlineNanos);
		try {
			return this.client.get().execute(outgoing, (response) -> {
				int status = response.getCode();
				boolean success = status >= 200 && status < 300;
				try {
					ApacheAnswer answer = new ApacheAnswer(status, response.getHeaders(),
							read(response.getEntity(), success ? this.maxResponseBytes : MAX_ERROR_BYTES, success,
									deadlineNanos));
					if (answer.cut()) {
						throw new CutAnswer(answer);
					}
					return answer;
				}
				catch (IOException ex) {
					// the rest of the body is not wanted: the connection goes instead of being read to its end
					outgoing.cancel();
					throw ex;
				}
			});
		}
		catch (CutAnswer cut) {
			return cut.answer;
		}
	}

	@Override
	public OpenAnswer open(HttpRequest request, URI uri, String keyHeader, String keyValue, long deadlineNanos)
			throws IOException {
		HttpUriRequestBase outgoing = request(request, uri, keyHeader, keyValue, deadlineNanos);
		// the target is taken from the request's URI
		ClassicHttpResponse response = this.client.get().executeOpen(null, outgoing, null);
		return new ApacheOpenAnswer(outgoing, response);
	}

	private HttpUriRequestBase request(HttpRequest request, URI uri, String keyHeader, String keyValue,
			long deadlineNanos) {
		HttpUriRequestBase outgoing = new HttpUriRequestBase(request.method().name(), uri);
		request.headers().forEach((name, values) -> {
			// the model's own key (the placeholder) never goes out: the attempt's key replaces it
			if (values != null && !name.equalsIgnoreCase(keyHeader) && !isWrittenByHttpClient(name)) {
				for (String value : values) {
					outgoing.addHeader(name, value);
				}
			}
		});
		outgoing.setHeader(keyHeader, keyValue);
		String body = request.body();
		if (body != null) {
			// the model's Content-Type header stays; HttpClient adds none of its own when one is there
			outgoing.setEntity(new ByteArrayEntity(body.getBytes(StandardCharsets.UTF_8), null));
		}
		long remaining = deadlineNanos - System.nanoTime();
		if (remaining > 0 && remaining < this.readTimeout.toNanos()) {
			// the call-timeout ends before the read timeout: this attempt waits no longer than what is left
			outgoing.setConfig(RequestConfig.custom().setResponseTimeout(Timeout.ofMilliseconds(
					Math.max(1, remaining / 1_000_000))).build());
		}
		return outgoing;
	}

	/**
	 * Whether HttpClient writes the header itself, from the request and its entity: the model's copy would clash.
	 */
	private static boolean isWrittenByHttpClient(String name) {
		return name.equalsIgnoreCase("Content-Length") || name.equalsIgnoreCase("Transfer-Encoding")
				|| name.equalsIgnoreCase("Host") || name.equalsIgnoreCase("Connection");
	}

	/**
	 * Read a body up to a bound, by the deadline: a 2xx answer larger than the bound fails, an error answer is cut
	 * to it ({@link Body#cut}). A body of announced length is read into one array of that length.
	 */
	private static Body read(@Nullable HttpEntity entity, long maxBytes, boolean failWhenLarger, long deadlineNanos)
			throws IOException {
		if (entity == null) {
			return new Body(new byte[0], false);
		}
		long length = entity.getContentLength();
		if (length > maxBytes && failWhenLarger) {
			throw new BoundedBodyHandler.AnswerTooLargeException(maxBytes);
		}
		InputStream body = entity.getContent();
		if (length >= 0 && length <= maxBytes) {
			byte[] bytes = new byte[(int) length];
			int read = 0;
			while (read < bytes.length) {
				int count = body.read(bytes, read, bytes.length - read);
				if (count < 0) {
					return new Body(Arrays.copyOf(bytes, read), false);
				}
				read += count;
				checkDeadline(deadlineNanos);
			}
			return new Body(bytes, false);
		}
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		byte[] buffer = new byte[8192];
		long total = 0;
		int count;
		while ((count = body.read(buffer)) >= 0) {
			if (total + count > maxBytes) {
				if (failWhenLarger) {
					throw new BoundedBodyHandler.AnswerTooLargeException(maxBytes);
				}
				out.write(buffer, 0, (int) (maxBytes - total));
				return new Body(out.toByteArray(), true);
			}
			total += count;
			out.write(buffer, 0, count);
			checkDeadline(deadlineNanos);
		}
		return new Body(out.toByteArray(), false);
	}

	private static void checkDeadline(long deadlineNanos) throws SocketTimeoutException {
		if (System.nanoTime() - deadlineNanos > 0) {
			throw new SocketTimeoutException("The answer did not end within the deadline");
		}
	}

	/**
	 * The bytes of a body read, and whether they are only its first ones.
	 */
	private record Body(byte[] bytes, boolean cut) {

	}

	/**
	 * An error answer cut before its end, carried out of HttpClient's handler so that its connection is dropped.
	 */
	private static final class CutAnswer extends IOException {

		private final ApacheAnswer answer;

		CutAnswer(ApacheAnswer answer) {
			super("An error answer cut after its first bytes");
			this.answer = answer;
		}

	}

	private static @Nullable String first(Header[] headers, String name) {
		for (Header header : headers) {
			if (header.getName().equalsIgnoreCase(name)) {
				return header.getValue();
			}
		}
		return null;
	}

	private record ApacheAnswer(int status, Header[] all, Body read) implements Answer {

		@Override
		public byte[] body() {
			return this.read.bytes();
		}

		boolean cut() {
			return this.read.cut();
		}

		@Override
		public @Nullable String header(String name) {
			return first(this.all, name);
		}

		@Override
		public Map<String, List<String>> headers() {
			return new HeaderMap(this.all);
		}

	}

	private static final class ApacheOpenAnswer implements OpenAnswer {

		private final HttpUriRequestBase request;

		private final ClassicHttpResponse response;

		private final Header[] all;

		ApacheOpenAnswer(HttpUriRequestBase request, ClassicHttpResponse response) {
			this.request = request;
			this.response = response;
			this.all = response.getHeaders();
		}

		@Override
		public int status() {
			return this.response.getCode();
		}

		@Override
		public @Nullable String header(String name) {
			return first(this.all, name);
		}

		@Override
		public Map<String, List<String>> headers() {
			return new HeaderMap(this.all);
		}

		@Override
		public InputStream body() throws IOException {
			HttpEntity entity = this.response.getEntity();
			return new StreamBody((entity != null) ? entity.getContent() : InputStream.nullInputStream(), this);
		}

		/**
		 * End the exchange at once: cancelling the request closes its connection (safe from any thread, also while
		 * another is blocked reading the body).
		 */
		void abort() {
			this.request.cancel();
			close();
		}

		void close() {
			try {
				// a body read to its end has given its connection back already; any other is closed here
				this.response.close();
			}
			catch (IOException ex) {
				// the connection is gone either way
			}
		}

	}

	/**
	 * The body of a stream: closed at its end, the connection is kept; closed before (the model cancelled the
	 * stream, or the reader failed), the connection is dropped rather than read to the end of a stream that may
	 * never end.
	 */
	private static final class StreamBody extends FilterInputStream {

		private final ApacheOpenAnswer answer;

		private volatile boolean ended;

		StreamBody(InputStream body, ApacheOpenAnswer answer) {
			super(body);
			this.answer = answer;
		}

		@Override
		public int read() throws IOException {
			int value = super.read();
			this.ended |= value < 0;
			return value;
		}

		@Override
		public int read(byte[] buffer, int offset, int length) throws IOException {
			int count = super.read(buffer, offset, length);
			this.ended |= count < 0;
			return count;
		}

		@Override
		public void close() throws IOException {
			if (this.ended) {
				super.close();
				this.answer.close();
			}
			else {
				this.answer.abort();
			}
		}

	}

	/**
	 * The headers of an answer as LangChain4j reads them ({@code forEach}, to copy them): a view over
	 * HttpClient's array, the values of a name repeated in the answer gathered into one list.
	 */
	private static final class HeaderMap extends AbstractMap<String, List<String>> {

		private final Header[] headers;

		HeaderMap(Header[] headers) {
			this.headers = headers;
		}

		@Override
		public void forEach(BiConsumer<? super String, ? super List<String>> action) {
			for (int i = 0; i < this.headers.length; i++) {
				String name = this.headers[i].getName();
				if (!seenBefore(name, i)) {
					action.accept(name, values(name, i));
				}
			}
		}

		private boolean seenBefore(String name, int index) {
			for (int i = 0; i < index; i++) {
				if (this.headers[i].getName().equalsIgnoreCase(name)) {
					return true;
				}
			}
			return false;
		}

		private List<String> values(String name, int from) {
			List<String> values = null;
			for (int i = from + 1; i < this.headers.length; i++) {
				if (this.headers[i].getName().equalsIgnoreCase(name)) {
					if (values == null) {
						values = new ArrayList<>();
						values.add(this.headers[from].getValue());
					}
					values.add(this.headers[i].getValue());
				}
			}
			return (values != null) ? values : List.of(this.headers[from].getValue());
		}

		@Override
		public boolean isEmpty() {
			return this.headers.length == 0;
		}

		@Override
		public Set<Entry<String, List<String>>> entrySet() {
			Map<String, List<String>> all = new LinkedHashMap<>();
			forEach(all::put);
			return all.entrySet();
		}

	}

}
