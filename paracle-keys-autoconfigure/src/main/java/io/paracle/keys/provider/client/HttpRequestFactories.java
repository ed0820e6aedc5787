package io.paracle.keys.provider.client;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

import io.paracle.keys.provider.LlmProviderHttpClientCustomizer;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.util.Timeout;

import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.http.client.HttpComponentsClientHttpRequestFactory;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.util.ClassUtils;
import org.springframework.util.function.SingletonSupplier;

/**
 * The one place that chooses the HTTP transport under the providers' {@code RestClient}s: Apache HttpClient 5 when
 * it is on the classpath (the starter brings it), else the JDK {@code HttpClient}; and that builds the Apache
 * HttpClient 5 clients of {@code paracle.http.client=direct}. Measured with JMH here (see
 * BENCHMARKS.md): Apache HttpClient 5 is the fastest transport under {@code RestClient} (about 1.3 times a
 * hand-written OkHttp call on loopback), while Spring's JDK request factory hands each call between several threads
 * and is several times slower. Connect and
 * read timeouts are always set; clients are shared per pair of timeouts and closed with the factory.
 *
 * @author paracle-keys
 */
final class HttpRequestFactories implements AutoCloseable {

	private static final boolean APACHE_PRESENT = ClassUtils.isPresent(
			"org.apache.hc.client5.http.impl.classic.HttpClients", HttpRequestFactories.class.getClassLoader());

	private static final int MAX_CONNECTIONS_PER_ROUTE = 64;

	private final ConcurrentMap<List<?>, Object> clients = new ConcurrentHashMap<>();

	/** Threads of the JDK HttpClient fallback, created with the first such client. */
	private final SingletonSupplier<ExecutorService> executor = SingletonSupplier
		.of(() -> Executors.newCachedThreadPool(new DaemonThreads()));

	private volatile boolean jdkClients;

	private volatile boolean closed;

	ClientHttpRequestFactory create(Duration connectTimeout, Duration readTimeout) {
		checkOpen();
		if (APACHE_PRESENT) {
			return Apache.create(this.clients, connectTimeout, readTimeout);
		}
		HttpClient client = (HttpClient) this.clients.computeIfAbsent(List.of(connectTimeout),
				(key) -> {
					this.jdkClients = true;
					return HttpClient.newBuilder().connectTimeout(connectTimeout).executor(this.executor.obtain()).build();
				});
		JdkClientHttpRequestFactory requestFactory = new JdkClientHttpRequestFactory(client);
		requestFactory.setReadTimeout(readTimeout);
		return requestFactory;
	}

	/**
	 * Return the direct Apache HttpClient 5 client of one provider configuration. Its {@code HttpClient} is
	 * built on the first call; without customizers it is shared by the providers with the same timeouts.
	 * @throws MissingHttpClient5Exception when Apache HttpClient 5 is not on the classpath
	 */
	ProviderHttpClient direct(String name, String baseUrl, Duration connectTimeout, Duration readTimeout,
			List<LlmProviderHttpClientCustomizer> customizers) {
		if (!APACHE_PRESENT) {
			throw new MissingHttpClient5Exception(name);
		}
		return Apache.direct(this, name, baseUrl, connectTimeout, readTimeout, customizers);
	}

	private void checkOpen() {
		if (this.closed) {
			// a provider's first call while the application shuts down: no client that nobody would close
			throw new IllegalStateException("The HTTP clients of the providers are closed");
		}
	}

	@Override
	public void close() {
		this.closed = true;
		for (Object client : this.clients.values()) {
			if (client instanceof AutoCloseable closeable) {
				try {
					closeable.close();
				}
				catch (Exception ex) {
					// closing idle connections of a client that is going away: nothing to do
				}
			}
		}
		this.clients.clear();
		if (this.jdkClients) {
			this.executor.obtain().shutdown();
		}
	}

	/**
	 * Apache HttpClient 5, kept in its own class so that it loads only when the library is present.
	 */
	private static final class Apache {

		static ClientHttpRequestFactory create(ConcurrentMap<List<?>, Object> clients,
				Duration connectTimeout, Duration readTimeout) {
			CloseableHttpClient client = (CloseableHttpClient) clients.computeIfAbsent(
					List.of(connectTimeout, readTimeout), (key) -> builder(connectTimeout, readTimeout).build());
			HttpComponentsClientHttpRequestFactory requestFactory = new HttpComponentsClientHttpRequestFactory(client);
			requestFactory.setReadTimeout(readTimeout);
			return requestFactory;
		}

		static ProviderHttpClient direct(HttpRequestFactories owner, String name, String baseUrl,
				Duration connectTimeout, Duration readTimeout, List<LlmProviderHttpClientCustomizer> customizers) {
			// customized clients are the provider's own, the others are shared by timeouts
			List<Object> key = customizers.isEmpty() ? List.of(connectTimeout, readTimeout)
					: List.of(connectTimeout, readTimeout, name);
			return new DirectProviderHttpClient(baseUrl, SingletonSupplier.of(() -> {
				owner.checkOpen();
				return (CloseableHttpClient) owner.clients.computeIfAbsent(key, (k) -> {
					HttpClientBuilder builder = builder(connectTimeout, readTimeout);
					for (LlmProviderHttpClientCustomizer customizer : customizers) {
						customizer.customize(name, builder);
					}
					return builder.build();
				});
			}));
		}

		private static HttpClientBuilder builder(Duration connectTimeout, Duration readTimeout) {
			return HttpClients.custom()
				.setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
					.setDefaultConnectionConfig(ConnectionConfig.custom()
						.setConnectTimeout(Timeout.of(connectTimeout))
						.setSocketTimeout(Timeout.of(readTimeout))
						.build())
					.setMaxConnPerRoute(MAX_CONNECTIONS_PER_ROUTE)
					.setMaxConnTotal(MAX_CONNECTIONS_PER_ROUTE * 4)
					.build())
				.disableAutomaticRetries()
				.disableRedirectHandling()
				.disableCookieManagement();
		}

	}

	private static final class DaemonThreads implements ThreadFactory {

		private final AtomicInteger count = new AtomicInteger();

		@Override
		public Thread newThread(Runnable task) {
			Thread thread = new Thread(task, "paracle-http-" + this.count.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		}

	}

}
