package io.paracle.keys.provider.client;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.http.client.JdkClientHttpRequestFactory;

/**
 * The one place that chooses the HTTP transport of the providers: the JDK {@link HttpClient} through
 * {@link JdkClientHttpRequestFactory}, with the connect timeout on the client and the read timeout on the
 * factory. Clients are shared per connect timeout, and all use one pool of daemon threads (without an executor,
 * Spring would start a new thread to write each request body).
 *
 * @author paracle-keys
 */
final class HttpRequestFactories implements AutoCloseable {

	private final ConcurrentMap<Duration, HttpClient> clients = new ConcurrentHashMap<>();

	private final ExecutorService executor = Executors.newCachedThreadPool(new DaemonThreads());

	/**
	 * Create a request factory.
	 * @param connectTimeout the connect timeout
	 * @param readTimeout the read timeout: the longest wait for the answer
	 * @return the request factory
	 */
	ClientHttpRequestFactory create(Duration connectTimeout, Duration readTimeout) {
		HttpClient client = this.clients.computeIfAbsent(connectTimeout,
				(timeout) -> HttpClient.newBuilder().connectTimeout(timeout).executor(this.executor).build());
		JdkClientHttpRequestFactory requestFactory = new JdkClientHttpRequestFactory(client);
		requestFactory.setReadTimeout(readTimeout);
		return requestFactory;
	}

	@Override
	public void close() {
		this.executor.shutdown();
		this.clients.clear();
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
