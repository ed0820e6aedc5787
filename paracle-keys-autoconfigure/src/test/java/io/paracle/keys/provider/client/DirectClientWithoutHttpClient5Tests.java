package io.paracle.keys.provider.client;

import java.net.URLClassLoader;
import java.util.List;

import io.paracle.keys.testsupport.IsolatedClassPath;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Apache HttpClient 5 is an optional dependency of the auto-configuration (the starter brings it): without it,
 * {@code rest-client} falls back to the JDK {@code HttpClient}, and {@code paracle.http.client=direct} fails with
 * a message and a failure analysis that name the property, the provider and the dependency, not a
 * {@link NoClassDefFoundError}.
 */
class DirectClientWithoutHttpClient5Tests {

	@Test
	void withoutHttpClient5TheDirectClientFailsClearly() throws Exception {
		try (URLClassLoader loader = new URLClassLoader(IsolatedClassPath.without("httpcomponents/client5"),
				ClassLoader.getPlatformClassLoader())) {
			assertThatExceptionOfType(ClassNotFoundException.class)
				.isThrownBy(() -> loader.loadClass("org.apache.hc.client5.http.impl.classic.HttpClients"));
			Object created = loader.loadClass(IsolatedDirectClient.class.getName())
				.getMethod("createProviders")
				.invoke(null);
			assertThat(created).isEqualTo(List.of("OpenAiProvider",
					"MissingHttpClient5Exception: paracle.http.client=direct needs Apache HttpClient 5 for provider "
							+ "'openai': add org.apache.httpcomponents.client5:httpclient5 (the starter brings it), "
							+ "or remove paracle.http.client to use RestClient",
					"paracle.http.client is 'direct', so provider configuration 'openai' calls Apache HttpClient 5 "
							+ "without RestClient, but org.apache.httpcomponents.client5:httpclient5 is not on the "
							+ "classpath.",
					"Add the dependency org.apache.httpcomponents.client5:httpclient5 (paracle-keys-starter brings "
							+ "it; its version is managed by Spring Boot), or remove paracle.http.client to call the "
							+ "providers through RestClient."));
		}
	}

}
