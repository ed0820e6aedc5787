package io.paracle.keys.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.langchain4j.exception.HttpException;
import dev.langchain4j.http.client.HttpClient;
import dev.langchain4j.http.client.HttpClientBuilder;
import dev.langchain4j.http.client.HttpRequest;
import dev.langchain4j.http.client.SuccessfulHttpResponse;
import dev.langchain4j.http.client.sse.ServerSentEventListener;
import dev.langchain4j.http.client.sse.ServerSentEventParser;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.util.Timeout;

/**
 * The floor of a LangChain4j {@link HttpClient} on Apache HttpClient 5, for {@link LangChain4jOpenAiBenchmark}: what
 * any such client does at least for a chat call (the model's headers and body onto an HttpClient request, the
 * answer's body and headers back), with a fixed key, no key pool, no measurement. LangChain4j 1.19.0 ships no
 * Apache HttpClient 5 client; this stands in for one, so that paracle's bean on the same transport can be compared
 * with plain LangChain4j on it. Chat only (no streams).
 *
 * @author paracle-keys
 */
final class ApacheLangChain4jHttpClient implements HttpClient {

	private final CloseableHttpClient client;

	private ApacheLangChain4jHttpClient(CloseableHttpClient client) {
		this.client = client;
	}

	static HttpClientBuilder builder() {
		return new Builder();
	}

	@Override
	public SuccessfulHttpResponse execute(HttpRequest request) {
		HttpUriRequestBase outgoing = new HttpUriRequestBase(request.method().name(), URI.create(request.url()));
		request.headers().forEach((name, values) -> values.forEach((value) -> outgoing.addHeader(name, value)));
		if (request.body() != null) {
			outgoing.setEntity(new ByteArrayEntity(request.body().getBytes(java.nio.charset.StandardCharsets.UTF_8),
					null));
		}
		try {
			return this.client.execute(outgoing, (response) -> {
				byte[] body = EntityUtils.toByteArray(response.getEntity());
				if (response.getCode() < 200 || response.getCode() >= 300) {
					throw new HttpException(response.getCode(), new String(body, java.nio.charset.StandardCharsets.UTF_8));
				}
				Map<String, List<String>> headers = new LinkedHashMap<>();
				for (Header header : response.getHeaders()) {
					headers.computeIfAbsent(header.getName(), (name) -> new ArrayList<>(1)).add(header.getValue());
				}
				return SuccessfulHttpResponse.builder().statusCode(response.getCode()).headers(headers).body(body).build();
			});
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Override
	public void execute(HttpRequest request, ServerSentEventParser parser, ServerSentEventListener listener) {
		throw new UnsupportedOperationException("Chat only");
	}

	private static final class Builder implements HttpClientBuilder {

		private Duration connectTimeout = Duration.ofSeconds(15);

		private Duration readTimeout = Duration.ofSeconds(60);

		@Override
		public Duration connectTimeout() {
			return this.connectTimeout;
		}

		@Override
		public HttpClientBuilder connectTimeout(Duration timeout) {
			if (timeout != null) {
				this.connectTimeout = timeout;
			}
			return this;
		}

		@Override
		public Duration readTimeout() {
			return this.readTimeout;
		}

		@Override
		public HttpClientBuilder readTimeout(Duration timeout) {
			if (timeout != null) {
				this.readTimeout = timeout;
			}
			return this;
		}

		@Override
		public HttpClient build() {
			return new ApacheLangChain4jHttpClient(HttpClients.custom()
				.setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
					.setDefaultConnectionConfig(ConnectionConfig.custom()
						.setConnectTimeout(Timeout.of(this.connectTimeout))
						.setSocketTimeout(Timeout.of(this.readTimeout))
						.build())
					.build())
				.disableAutomaticRetries()
				.disableRedirectHandling()
				.disableCookieManagement()
				.build());
		}

	}

}
