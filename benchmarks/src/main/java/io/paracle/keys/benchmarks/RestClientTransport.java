package io.paracle.keys.benchmarks;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.Lifecycle;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.http.client.HttpComponentsClientHttpRequestFactory;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.http.client.JettyClientHttpRequestFactory;
import org.springframework.http.client.ReactorClientHttpRequestFactory;
import org.springframework.http.client.SimpleClientHttpRequestFactory;

/**
 * The {@link ClientHttpRequestFactory} implementations Spring Framework 7 ships for
 * {@code RestClient}, each built with its defaults plus the same 10&nbsp;s read timeout
 * (set through the factory, as a Spring user would).
 *
 * @author paracle-keys
 */
public enum RestClientTransport {

	/**
	 * {@link JdkClientHttpRequestFactory} over a JDK {@link HttpClient} with HTTP/1.1
	 * forced and no executor: Spring then writes each request body from a new thread of a
	 * {@code SimpleAsyncTaskExecutor}.
	 */
	JDK {

		@Override
		ClientHttpRequestFactory create() {
			HttpClient client = HttpClient.newBuilder()
				.version(HttpClient.Version.HTTP_1_1)
				.connectTimeout(CONNECT_TIMEOUT)
				.build();
			JdkClientHttpRequestFactory factory = new JdkClientHttpRequestFactory(client);
			factory.setReadTimeout(READ_TIMEOUT);
			return factory;
		}

	},

	/**
	 * As {@link #JDK}, but the {@link HttpClient} runs on a cached pool of daemon
	 * threads, which Spring then also uses to write request bodies (the set-up of the
	 * starter's own {@code HttpRequestFactories} at the time of writing).
	 */
	JDK_POOLED {

		@Override
		ClientHttpRequestFactory create() {
			ExecutorService executor = Executors.newCachedThreadPool((task) -> {
				Thread thread = new Thread(task, "jdk-http-client");
				thread.setDaemon(true);
				return thread;
			});
			HttpClient client = HttpClient.newBuilder()
				.version(HttpClient.Version.HTTP_1_1)
				.connectTimeout(CONNECT_TIMEOUT)
				.executor(executor)
				.build();
			JdkClientHttpRequestFactory factory = new PooledJdkClientHttpRequestFactory(client, executor);
			factory.setReadTimeout(READ_TIMEOUT);
			return factory;
		}

	},

	/** {@link HttpComponentsClientHttpRequestFactory}: Apache HttpClient 5 classic, pooled. */
	APACHE {

		@Override
		ClientHttpRequestFactory create() {
			HttpComponentsClientHttpRequestFactory factory = new HttpComponentsClientHttpRequestFactory();
			factory.setReadTimeout(READ_TIMEOUT);
			return factory;
		}

	},

	/** {@link ReactorClientHttpRequestFactory}: Reactor Netty, used blocking. */
	REACTOR {

		@Override
		ClientHttpRequestFactory create() {
			ReactorClientHttpRequestFactory factory = new ReactorClientHttpRequestFactory();
			factory.setConnectTimeout(CONNECT_TIMEOUT);
			factory.setReadTimeout(READ_TIMEOUT);
			return factory;
		}

	},

	/** {@link JettyClientHttpRequestFactory}: Jetty 12 client. */
	JETTY {

		@Override
		ClientHttpRequestFactory create() throws Exception {
			JettyClientHttpRequestFactory factory = new JettyClientHttpRequestFactory();
			factory.setConnectTimeout(CONNECT_TIMEOUT);
			factory.setReadTimeout(READ_TIMEOUT);
			factory.afterPropertiesSet();
			return factory;
		}

	},

	/** {@link SimpleClientHttpRequestFactory}: {@code HttpURLConnection} and its keep-alive cache. */
	SIMPLE {

		@Override
		ClientHttpRequestFactory create() {
			SimpleClientHttpRequestFactory factory = new SimpleClientHttpRequestFactory();
			factory.setConnectTimeout(CONNECT_TIMEOUT);
			factory.setReadTimeout(READ_TIMEOUT);
			return factory;
		}

	};

	static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

	static final Duration READ_TIMEOUT = Duration.ofSeconds(10);

	/**
	 * Create a ready-to-use request factory.
	 * @return the factory
	 * @throws Exception if the underlying client cannot start
	 */
	abstract ClientHttpRequestFactory create() throws Exception;

	/**
	 * Find a transport by its lower-case name, as used in JMH parameters.
	 * @param name the transport name, such as {@code jdk} or {@code jdk-pooled}
	 * @return the transport
	 */
	static RestClientTransport of(String name) {
		return valueOf(name.replace('-', '_').toUpperCase(Locale.ROOT));
	}

	/**
	 * Release what a factory holds: threads, pools, sockets.
	 * @param factory a factory from {@link #create()}
	 * @throws Exception on a close failure
	 */
	static void close(ClientHttpRequestFactory factory) throws Exception {
		if (factory instanceof DisposableBean disposable) {
			disposable.destroy();
		}
		else if (factory instanceof Lifecycle lifecycle) {
			lifecycle.stop();
		}
	}

	/**
	 * A {@link JdkClientHttpRequestFactory} whose client runs on an executor it owns and
	 * shuts down on {@link #destroy()}.
	 */
	private static final class PooledJdkClientHttpRequestFactory extends JdkClientHttpRequestFactory
			implements DisposableBean {

		private final ExecutorService executor;

		private PooledJdkClientHttpRequestFactory(HttpClient client, ExecutorService executor) {
			super(client);
			this.executor = executor;
		}

		@Override
		public void destroy() {
			this.executor.shutdownNow();
		}

	}

}
