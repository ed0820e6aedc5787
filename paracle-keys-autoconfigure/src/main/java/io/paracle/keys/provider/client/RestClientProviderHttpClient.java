package io.paracle.keys.provider.client;

import java.io.IOException;
import java.io.InputStream;
import java.util.function.Supplier;

import org.apache.hc.core5.http.io.EofSensorInputStream;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.util.ClassUtils;
import org.springframework.web.client.RestClient;

/**
 * Sends a provider's requests through its Spring {@link RestClient} (built on the first call, see
 * {@link LlmProviderFactory}), so that Boot's builder, its customizers and the {@code http.client.requests}
 * observation apply.
 *
 * @author paracle-keys
 */
final class RestClientProviderHttpClient implements ProviderHttpClient {

	private static final boolean APACHE_PRESENT = ClassUtils.isPresent("org.apache.hc.core5.http.io.EofSensorInputStream",
			RestClientProviderHttpClient.class.getClassLoader());

	private final Supplier<RestClient> restClient;

	RestClientProviderHttpClient(Supplier<RestClient> restClient) {
		this.restClient = restClient;
	}

	@Override
	public <T> T exchange(HttpMethod method, String uriTemplate, @Nullable Object[] uriVariables,
			byte @Nullable [] json, RequestHeaders headers, AnswerReader<T> reader) throws IOException {
		RestClient.RequestBodySpec spec = this.restClient.get().method(method).uri(uriTemplate, uriVariables);
		if (json != null) {
			spec.contentType(MediaType.APPLICATION_JSON).body(json);
		}
		return spec.headers((httpHeaders) -> headers.writeTo(httpHeaders::set))
			.exchange((request, response) -> reader.read(response.getStatusCode().value(),
					response.getHeaders()::getFirst, response.getBody()));
	}

	@Override
	public OpenAnswer open(String uriTemplate, @Nullable Object[] uriVariables, byte[] json, RequestHeaders headers)
			throws IOException {
		ClientHttpResponse response = this.restClient.get()
			.method(HttpMethod.POST)
			.uri(uriTemplate, uriVariables)
			.contentType(MediaType.APPLICATION_JSON)
			.body(json)
			.headers((httpHeaders) -> headers.writeTo(httpHeaders::set))
			// not closed: the stream reads the body after this returns
			.exchange((request, answer) -> answer, false);
		return new RestClientOpenAnswer(response);
	}

	/**
	 * An open answer of a {@code RestClient}. Closing a {@code ClientHttpResponse} reads what is left of its
	 * body (to keep the connection), so aborting closes the connection underneath first: Apache HttpClient 5's
	 * body aborts its connection, the JDK client's body closes it when closed.
	 */
	private static final class RestClientOpenAnswer implements OpenAnswer {

		private final ClientHttpResponse response;

		private volatile @Nullable InputStream body;

		RestClientOpenAnswer(ClientHttpResponse response) {
			this.response = response;
		}

		@Override
		public int status() {
			try {
				return this.response.getStatusCode().value();
			}
			catch (IOException ex) {
				return 0;
			}
		}

		@Override
		public @Nullable String header(String name) {
			return this.response.getHeaders().getFirst(name);
		}

		@Override
		public InputStream body() throws IOException {
			InputStream body = this.body;
			if (body == null) {
				body = this.response.getBody();
				this.body = body;
			}
			return body;
		}

		@Override
		public void close() {
			this.response.close();
		}

		@Override
		public void abort() {
			InputStream body = this.body;
			try {
				if (body == null) {
					body = body();
				}
				if (APACHE_PRESENT && Apache.abort(body)) {
					return;
				}
				body.close();
			}
			catch (IOException ex) {
				// the connection is gone either way
			}
			finally {
				this.response.close();
			}
		}

	}

	/**
	 * Apache HttpClient 5, kept in its own class so that it loads only when the library is present.
	 */
	private static final class Apache {

		static boolean abort(InputStream body) throws IOException {
			if (body instanceof EofSensorInputStream sensor) {
				sensor.abort();
				return true;
			}
			return false;
		}

	}

}
