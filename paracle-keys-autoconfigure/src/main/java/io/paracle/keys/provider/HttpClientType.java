package io.paracle.keys.provider;

/**
 * The HTTP client that sends the calls of the HTTP providers (all but Bedrock, which uses the AWS SDK), chosen
 * with {@code paracle.http.client}. When the property is unset, the auto-configuration uses {@link #DIRECT} if
 * Apache HttpClient 5 is on the class path (the starter brings it) and no {@link LlmProviderRestClientCustomizer}
 * bean exists, else {@link #REST_CLIENT}. Both honour {@code paracle.http.ssl-bundle}, the JVM's proxy settings and
 * the providers' connect and read timeouts.
 *
 * @author paracle-keys
 */
public enum HttpClientType {

	/**
	 * A Spring {@code RestClient} per provider configuration, built from Boot's {@code RestClient.Builder} (its
	 * {@code RestClientCustomizer}s, message converters and the {@code http.client.requests} observation) and
	 * every {@link LlmProviderRestClientCustomizer}, over Apache HttpClient 5 (the JDK {@code HttpClient} when
	 * HttpClient 5 is absent). The default without Apache HttpClient 5, or when
	 * {@link LlmProviderRestClientCustomizer} beans exist; set it for Boot's {@code RestClientCustomizer}s
	 * (trace context propagation headers among them) and {@code http.client.requests}.
	 */
	REST_CLIENT,

	/**
	 * Apache HttpClient 5 called directly, without {@code RestClient}: the same requests, timeouts, errors,
	 * meters and {@code paracle.api.call} observation, at about half the allocation per call (BENCHMARKS.md), but
	 * without Boot's {@code RestClient} customizers and the {@code http.client.requests} observation. Customize
	 * the client with {@link LlmProviderHttpClientCustomizer} beans. Needs
	 * {@code org.apache.httpcomponents.client5:httpclient5}, which the starter brings. The default when
	 * HttpClient 5 is present and no {@link LlmProviderRestClientCustomizer} bean exists.
	 */
	DIRECT

}
