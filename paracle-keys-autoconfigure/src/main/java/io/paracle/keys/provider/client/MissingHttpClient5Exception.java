package io.paracle.keys.provider.client;

/**
 * Thrown when a provider is created with {@code paracle.http.client=direct} without Apache HttpClient 5 on the
 * classpath.
 *
 * @author paracle-keys
 */
class MissingHttpClient5Exception extends IllegalStateException {

	static final String DEPENDENCY = "org.apache.httpcomponents.client5:httpclient5";

	private final String provider;

	MissingHttpClient5Exception(String provider) {
		super("paracle.http.client=direct needs Apache HttpClient 5 for provider '" + provider + "': add "
				+ DEPENDENCY + " (the starter brings it), or remove paracle.http.client to use RestClient");
		this.provider = provider;
	}

	String getProvider() {
		return this.provider;
	}

}
