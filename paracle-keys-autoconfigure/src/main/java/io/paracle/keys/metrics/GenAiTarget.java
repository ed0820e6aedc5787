package io.paracle.keys.metrics;

import java.net.URI;

import org.jspecify.annotations.Nullable;

/**
 * What a provider configuration's calls are measured against in the OpenTelemetry GenAI conventions: the
 * configuration name, its catalog id and {@code gen_ai.provider.name}, and the server it talks to
 * ({@code server.address}, {@code server.port}). Made once per configuration, so a call allocates nothing for it.
 *
 * @param provider the provider configuration name
 * @param providerType the catalog id
 * @param providerName the {@value ApiCallMetrics#GEN_AI_PROVIDER}
 * @param serverAddress the host of the provider's API, or {@code ""} when not known
 * @param serverPort the port of the provider's API, or {@code 0} when not known
 * @author paracle-keys
 */
public record GenAiTarget(String provider, String providerType, String providerName, String serverAddress,
		int serverPort) {

	/**
	 * Describe a provider configuration.
	 * @param provider the provider configuration name
	 * @param providerType the catalog id
	 * @param baseUrl the base URL of its API, or {@code null} when not known
	 * @return the target
	 */
	public static GenAiTarget of(String provider, String providerType, @Nullable String baseUrl) {
		String host = "";
		int port = 0;
		if (baseUrl != null) {
			try {
				URI uri = URI.create(baseUrl);
				host = (uri.getHost() != null) ? uri.getHost() : "";
				port = (uri.getPort() != -1) ? uri.getPort() : defaultPort(uri.getScheme());
			}
			catch (IllegalArgumentException ex) {
				// an unparsable base URL fails the call itself; the meters just do not name a server
			}
		}
		return new GenAiTarget(provider, providerType, GenAiProviderNames.of(providerType), host,
				host.isEmpty() ? 0 : port);
	}

	private static int defaultPort(@Nullable String scheme) {
		return "http".equalsIgnoreCase(scheme) ? 80 : 443;
	}

	/**
	 * Return the {@code server.port} tag value.
	 * @return the port, or {@code ""} when not known
	 */
	String serverPortTag() {
		return (this.serverPort != 0) ? Integer.toString(this.serverPort) : "";
	}

}
