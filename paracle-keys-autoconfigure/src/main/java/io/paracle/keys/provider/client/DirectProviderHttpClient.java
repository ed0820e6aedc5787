package io.paracle.keys.provider.client;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Function;
import java.util.function.Supplier;

import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpMethod;
import org.springframework.web.util.DefaultUriBuilderFactory;
import org.springframework.web.util.UriBuilderFactory;

/**
 * Sends a provider's requests with Apache HttpClient 5 directly ({@code paracle.http.client=direct}): no
 * {@code RestClient} request spec, header copies or message converters, and the URIs of fixed paths built once.
 * URI templates are expanded and encoded as {@code RestClient} does ({@link DefaultUriBuilderFactory}), so both
 * clients send the same requests.
 *
 * @author paracle-keys
 */
final class DirectProviderHttpClient implements ProviderHttpClient {

	/** {@code application/json} without a charset parameter, as {@code RestClient} sends it. */
	private static final ContentType APPLICATION_JSON = ContentType.create("application/json");

	private static final Object[] NO_VARIABLES = {};

	private final Supplier<CloseableHttpClient> client;

	private final UriBuilderFactory uris;

	private final ConcurrentMap<String, URI> fixedUris = new ConcurrentHashMap<>();

	/**
	 * Create a client.
	 * @param baseUrl the base URL the templates are relative to
	 * @param client supplies the HTTP client (built on the first call, shared, closed by its owner)
	 */
	DirectProviderHttpClient(String baseUrl, Supplier<CloseableHttpClient> client) {
		this.client = client;
		this.uris = new DefaultUriBuilderFactory(baseUrl);
	}

	@Override
	public <T> T exchange(HttpMethod method, String uriTemplate, @Nullable Object[] uriVariables,
			byte @Nullable [] json, RequestHeaders headers, AnswerReader<T> reader) throws IOException {
		HttpUriRequestBase request = new HttpUriRequestBase(method.name(), uri(uriTemplate, uriVariables));
		headers.writeTo(request::setHeader);
		if (json != null) {
			request.setEntity(new ByteArrayEntity(json, APPLICATION_JSON));
		}
		return this.client.get().execute(request, (response) -> read(response, reader));
	}

	@Override
	public OpenAnswer open(String uriTemplate, @Nullable Object[] uriVariables, byte[] json, RequestHeaders headers)
			throws IOException {
		HttpUriRequestBase request = new HttpUriRequestBase(HttpMethod.POST.name(), uri(uriTemplate, uriVariables));
		headers.writeTo(request::setHeader);
		request.setEntity(new ByteArrayEntity(json, APPLICATION_JSON));
		// the target is taken from the request's URI
		return new DirectOpenAnswer(request, this.client.get().executeOpen(null, request, null));
	}

	private URI uri(String uriTemplate, @Nullable Object[] uriVariables) {
		if (uriVariables == null || uriVariables.length == 0) {
			URI uri = this.fixedUris.get(uriTemplate);
			return (uri != null) ? uri
					: this.fixedUris.computeIfAbsent(uriTemplate, (template) -> this.uris.expand(template, NO_VARIABLES));
		}
		return this.uris.expand(uriTemplate, uriVariables);
	}

	/**
	 * An open answer of Apache HttpClient 5: aborting cancels the request, which closes its connection at once.
	 */
	private static final class DirectOpenAnswer implements OpenAnswer {

		private final HttpUriRequestBase request;

		private final ClassicHttpResponse response;

		DirectOpenAnswer(HttpUriRequestBase request, ClassicHttpResponse response) {
			this.request = request;
			this.response = response;
		}

		@Override
		public int status() {
			return this.response.getCode();
		}

		@Override
		public @Nullable String header(String name) {
			Header header = this.response.getFirstHeader(name);
			return (header != null) ? header.getValue() : null;
		}

		@Override
		public InputStream body() throws IOException {
			HttpEntity entity = this.response.getEntity();
			return (entity != null) ? entity.getContent() : InputStream.nullInputStream();
		}

		@Override
		public void close() {
			try {
				// a body read to its end has given its connection back already; any other is closed here
				this.response.close();
			}
			catch (IOException ex) {
				// the connection is gone either way
			}
		}

		@Override
		public void abort() {
			this.request.cancel();
			close();
		}

	}

	private static <T> T read(ClassicHttpResponse response, AnswerReader<T> reader) throws IOException {
		HttpEntity entity = response.getEntity();
		Function<String, @Nullable String> headers = (name) -> {
			Header header = response.getFirstHeader(name);
			return (header != null) ? header.getValue() : null;
		};
		// HttpClient consumes what is left of the body after the reader (also when it throws), and keeps the
		// connection
		InputStream body = (entity != null) ? entity.getContent() : InputStream.nullInputStream();
		return reader.read(response.getCode(), headers, body);
	}

}
