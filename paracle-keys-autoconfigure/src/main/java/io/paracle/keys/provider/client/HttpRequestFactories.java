package io.paracle.keys.provider.client;

import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

import io.paracle.keys.provider.LlmProviderHttpClientCustomizer;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.client5.http.ssl.DefaultHostnameVerifier;
import org.apache.hc.core5.util.Timeout;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslOptions;

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
 * <p>
 * Both clients, and the JDK fallback, honour what a Spring Boot application sets for its HTTP clients: an SSL
 * bundle ({@code paracle.http.ssl-bundle}: trust and key material, protocols, ciphers) and the JVM's proxy
 * settings ({@code http(s).proxyHost}, {@code http(s).proxyPort}, {@code http.nonProxyHosts},
 * {@code socksProxyHost}, {@code java.net.useSystemProxies} or an application-wide {@link ProxySelector}), as
 * Boot's own clients do with {@code useSystemProperties()}. The proxy selector is consulted per request only when
 * such a setting is present when a client is built (a selector that finds no proxy still costs a URI and a list
 * per call).
 *
 * @author paracle-keys
 */
final class HttpRequestFactories implements AutoCloseable {

	private static final boolean APACHE_PRESENT = ClassUtils.isPresent(
			"org.apache.hc.client5.http.impl.classic.HttpClients", HttpRequestFactories.class.getClassLoader());

	private static final int MAX_CONNECTIONS_PER_ROUTE = 64;

	private static final List<String> PROXY_PROPERTIES = List.of("http.proxyHost", "https.proxyHost",
			"socksProxyHost");

	private final ConcurrentMap<List<?>, Object> clients = new ConcurrentHashMap<>();

	/** Threads of the JDK HttpClient fallback, created with the first such client. */
	private final SingletonSupplier<ExecutorService> executor = SingletonSupplier
		.of(() -> Executors.newCachedThreadPool(new DaemonThreads()));

	private volatile boolean jdkClients;

	private @Nullable SslBundle sslBundle;

	/** The SSL bundle's context, created with the first client that needs it. */
	private final SingletonSupplier<SSLContext> sslContext = SingletonSupplier.of(() -> {
		SslBundle bundle = this.sslBundle;
		if (bundle == null) {
			throw new IllegalStateException("No SSL bundle");
		}
		return bundle.createSslContext();
	});

	private volatile boolean closed;

	/**
	 * Set the SSL bundle of the HTTPS connections of the clients created from now on.
	 * @param sslBundle the bundle, or {@code null} for the JVM's defaults
	 */
	void setSslBundle(@Nullable SslBundle sslBundle) {
		this.sslBundle = sslBundle;
	}

	ClientHttpRequestFactory create(Duration connectTimeout, Duration readTimeout) {
		checkOpen();
		if (APACHE_PRESENT) {
			return Apache.create(this, connectTimeout, readTimeout);
		}
		HttpClient client = (HttpClient) this.clients.computeIfAbsent(List.of(connectTimeout),
				(key) -> {
					this.jdkClients = true;
					HttpClient.Builder builder = HttpClient.newBuilder()
						.connectTimeout(connectTimeout)
						.executor(this.executor.obtain());
					SslBundle bundle = this.sslBundle;
					if (bundle != null) {
						builder.sslContext(this.sslContext.obtain());
						SslOptions options = bundle.getOptions();
						if (options.isSpecified()) {
							builder.sslParameters(new SSLParameters(options.getCiphers(), options.getEnabledProtocols()));
						}
					}
					if (systemProxies()) {
						builder.proxy(ProxySelector.getDefault());
					}
					return builder.build();
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

	/**
	 * Return the Apache HttpClient 5 client the direct client of a provider configuration with these timeouts
	 * sends through (the same instance, so its connections, TLS settings and proxy), built now when it is not
	 * yet. Typed {@code Object} so that this class loads without Apache HttpClient 5.
	 * @throws MissingHttpClient5Exception when Apache HttpClient 5 is not on the classpath
	 */
	Object apacheClient(String name, Duration connectTimeout, Duration readTimeout,
			List<LlmProviderHttpClientCustomizer> customizers) {
		if (!APACHE_PRESENT) {
			throw new MissingHttpClient5Exception(name);
		}
		return Apache.client(this, name, connectTimeout, readTimeout, customizers);
	}

	/**
	 * Whether the JVM is set up to send requests through a proxy: a proxy system property, or a default
	 * {@link ProxySelector} that is not the JDK's own (which reads those properties).
	 */
	static boolean systemProxies() {
		ProxySelector selector = ProxySelector.getDefault();
		if (selector == null) {
			return false;
		}
		if (!"sun.net.spi.DefaultProxySelector".equals(selector.getClass().getName())) {
			return true;
		}
		for (String property : PROXY_PROPERTIES) {
			String value = System.getProperty(property);
			if (value != null && !value.isBlank()) {
				return true;
			}
		}
		return Boolean.getBoolean("java.net.useSystemProxies");
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

		static ClientHttpRequestFactory create(HttpRequestFactories owner, Duration connectTimeout,
				Duration readTimeout) {
			CloseableHttpClient client = (CloseableHttpClient) owner.clients.computeIfAbsent(
					List.of(connectTimeout, readTimeout), (key) -> builder(owner, connectTimeout, readTimeout).build());
			HttpComponentsClientHttpRequestFactory requestFactory = new HttpComponentsClientHttpRequestFactory(client);
			requestFactory.setReadTimeout(readTimeout);
			return requestFactory;
		}

		static ProviderHttpClient direct(HttpRequestFactories owner, String name, String baseUrl,
				Duration connectTimeout, Duration readTimeout, List<LlmProviderHttpClientCustomizer> customizers) {
			return new DirectProviderHttpClient(baseUrl,
					SingletonSupplier.of(() -> client(owner, name, connectTimeout, readTimeout, customizers)));
		}

		static CloseableHttpClient client(HttpRequestFactories owner, String name, Duration connectTimeout,
				Duration readTimeout, List<LlmProviderHttpClientCustomizer> customizers) {
			owner.checkOpen();
			// customized clients are the provider's own, the others are shared by timeouts
			List<Object> key = customizers.isEmpty() ? List.of(connectTimeout, readTimeout)
					: List.of(connectTimeout, readTimeout, name);
			return (CloseableHttpClient) owner.clients.computeIfAbsent(key, (k) -> {
				HttpClientBuilder builder = builder(owner, connectTimeout, readTimeout);
				for (LlmProviderHttpClientCustomizer customizer : customizers) {
					customizer.customize(name, builder);
				}
				return builder.build();
			});
		}

		private static HttpClientBuilder builder(HttpRequestFactories owner, Duration connectTimeout,
				Duration readTimeout) {
			PoolingHttpClientConnectionManagerBuilder connections = PoolingHttpClientConnectionManagerBuilder.create()
				.setDefaultConnectionConfig(ConnectionConfig.custom()
					.setConnectTimeout(Timeout.of(connectTimeout))
					.setSocketTimeout(Timeout.of(readTimeout))
					.build())
				.setMaxConnPerRoute(MAX_CONNECTIONS_PER_ROUTE)
				.setMaxConnTotal(MAX_CONNECTIONS_PER_ROUTE * 4);
			SslBundle bundle = owner.sslBundle;
			if (bundle != null) {
				// as Boot's HttpComponentsSslBundleTlsStrategy: the bundle's context, protocols and ciphers
				SslOptions options = bundle.getOptions();
				connections.setTlsSocketStrategy(new DefaultClientTlsStrategy(owner.sslContext.obtain(),
						options.getEnabledProtocols(), options.getCiphers(), null, new DefaultHostnameVerifier()));
			}
			HttpClientBuilder builder = HttpClients.custom()
				.setConnectionManager(connections.build())
				.disableAutomaticRetries()
				.disableRedirectHandling()
				.disableCookieManagement();
			if (systemProxies()) {
				// a customizer's setProxy or setRoutePlanner still wins
				builder.setProxySelector(ProxySelector.getDefault());
			}
			return builder;
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
