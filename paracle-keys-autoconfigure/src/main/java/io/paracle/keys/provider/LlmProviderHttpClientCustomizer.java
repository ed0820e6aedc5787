package io.paracle.keys.provider;

import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;

/**
 * Callback to customize the Apache HttpClient 5 of one provider configuration when
 * {@code paracle.http.client=direct}: a proxy, TLS, a connection pool of another size, interceptors. It runs
 * after the starter's settings (connection pool with the configured connect and read timeouts, no automatic
 * retries, no redirects, no cookies), so it may replace any of them. Declare customizers as beans; they are
 * applied in order. With the default {@code rest-client}, customize with {@link LlmProviderRestClientCustomizer}
 * instead.
 *
 * @author paracle-keys
 */
@FunctionalInterface
public interface LlmProviderHttpClientCustomizer {

	/**
	 * Customize the client builder of a provider configuration.
	 * @param name the configuration name ({@code openai}, {@code openai-eu}, ...)
	 * @param builder the builder to customize
	 */
	void customize(String name, HttpClientBuilder builder);

}
