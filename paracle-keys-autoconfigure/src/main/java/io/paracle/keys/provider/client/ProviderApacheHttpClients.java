package io.paracle.keys.provider.client;

import java.time.Duration;

import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;

import org.springframework.util.Assert;

/**
 * The Apache HttpClient 5 clients paracle's providers send through, for paracle's integrations that send another
 * library's requests on a provider configuration's keys (LangChain4j): the same client as the configuration's
 * direct client ({@code paracle.http.client=direct}) with the same timeouts, so the same connection pool,
 * {@code paracle.http.ssl-bundle}, JVM proxy settings and {@code LlmProviderHttpClientCustomizer}s. Load this
 * class only when Apache HttpClient 5 is on the classpath.
 *
 * @author paracle-keys
 */
public final class ProviderApacheHttpClients {

	private ProviderApacheHttpClients() {
	}

	/**
	 * Return the Apache HttpClient 5 client of a provider configuration for a pair of timeouts, built on the first
	 * request for it and closed with the factory (never close it yourself).
	 * @param factory the factory that created the configuration's provider
	 * @param name the configuration name
	 * @param connectTimeout the connect timeout
	 * @param readTimeout the read (socket) timeout
	 * @return the shared client
	 * @throws IllegalStateException when the factory is closed
	 */
	public static CloseableHttpClient of(LlmProviderFactory factory, String name, Duration connectTimeout,
			Duration readTimeout) {
		Assert.notNull(factory, "factory must not be null");
		return (CloseableHttpClient) factory.apacheHttpClient(name, connectTimeout, readTimeout);
	}

}
