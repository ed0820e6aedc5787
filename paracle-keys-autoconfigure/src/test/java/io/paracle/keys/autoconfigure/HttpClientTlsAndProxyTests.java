package io.paracle.keys.autoconfigure;

import java.util.Locale;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import io.paracle.keys.provider.HttpClientType;
import io.paracle.keys.provider.ProviderUnavailableException;
import io.paracle.keys.provider.client.OpenAiProvider;
import io.paracle.keys.testsupport.FakeProviderServer;
import io.paracle.keys.testsupport.stores.SelfSignedCertificate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.context.properties.source.InvalidConfigurationPropertyValueException;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * What both HTTP clients take from a Spring Boot application's settings: the SSL bundle named by
 * {@code paracle.http.ssl-bundle} (a provider whose certificate only that bundle trusts) and the JVM's proxy
 * settings ({@code http.proxyHost}, {@code http.proxyPort}, {@code http.nonProxyHosts}).
 */
class HttpClientTlsAndProxyTests {

	private static final String ANSWER = """
			{"id":"chatcmpl-1","model":"gpt-4o-mini","choices":[{"index":0,"message":{"role":"assistant",
			 "content":"Hi"},"finish_reason":"stop"}],"usage":{"prompt_tokens":3,"completion_tokens":1}}""";

	private static WireMockServer httpsServer;

	private static SelfSignedCertificate certificate;

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ParacleKeysAutoConfiguration.class,
				LlmProviderAutoConfiguration.class, SslAutoConfiguration.class))
		.withPropertyValues("paracle.providers.openai.api-key=sk-test-openai-0001",
				"paracle.providers.openai.connect-timeout=2s", "paracle.providers.openai.timeout=5s");

	@BeforeAll
	static void startHttpsServer() {
		// its own certificate: the test JVM may trust the shared one of the fake secret stores everywhere
		certificate = SelfSignedCertificate.generate();
		httpsServer = new WireMockServer(WireMockConfiguration.options()
			.bindAddress("127.0.0.1")
			.httpDisabled(true)
			.dynamicHttpsPort()
			.keystorePath(certificate.keyStore().toString())
			.keystoreType("PKCS12")
			.keystorePassword(certificate.trustStorePassword())
			.keyManagerPassword(certificate.trustStorePassword())
			.jettyStopTimeout(0L));
		httpsServer.start();
	}

	@AfterAll
	static void stopHttpsServer() {
		httpsServer.stop();
	}

	@BeforeEach
	void stubAnswers() {
		httpsServer.resetAll();
		httpsServer.stubFor(any(anyUrl()).willReturn(okJson(ANSWER)));
		FakeProviderServer.reset().stubFor(any(anyUrl()).willReturn(okJson(ANSWER)));
	}

	@ParameterizedTest
	@EnumSource(HttpClientType.class)
	void theSslBundleIsTrustedForTheProviderCalls(HttpClientType httpClient) {
		this.contextRunner
			.withPropertyValues(client(httpClient), "paracle.providers.openai.base-url=" + httpsBaseUrl(),
					"paracle.http.ssl-bundle=provider-ca",
					"spring.ssl.bundle.jks.provider-ca.truststore.location=file:" + certificate.trustStore(),
					"spring.ssl.bundle.jks.provider-ca.truststore.password=" + certificate.trustStorePassword(),
					"spring.ssl.bundle.jks.provider-ca.truststore.type=" + certificate.trustStoreType())
			.run((context) -> {
				assertThat(context.getBean(OpenAiProvider.class).chat("Hello").text()).isEqualTo("Hi");
				httpsServer.verify(1, postRequestedFor(urlEqualTo("/v1/chat/completions"))
					.withHeader("Authorization", equalTo("Bearer sk-test-openai-0001")));
			});
	}

	@ParameterizedTest
	@EnumSource(HttpClientType.class)
	void withoutTheSslBundleTheSelfSignedProviderIsNotTrusted(HttpClientType httpClient) {
		this.contextRunner.withPropertyValues(client(httpClient), "paracle.providers.openai.base-url=" + httpsBaseUrl())
			.run((context) -> {
				assertThatExceptionOfType(ProviderUnavailableException.class)
					.isThrownBy(() -> context.getBean(OpenAiProvider.class).chat("Hello"));
				httpsServer.verify(0, postRequestedFor(anyUrl()));
			});
	}

	@Test
	void anUnknownSslBundleFailsStartupNamingTheProperty() {
		this.contextRunner
			.withPropertyValues("paracle.providers.openai.base-url=" + httpsBaseUrl(),
					"paracle.http.ssl-bundle=corporate-ca")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).rootCause()
					.isInstanceOfSatisfying(InvalidConfigurationPropertyValueException.class, (ex) -> {
						assertThat(ex.getName()).isEqualTo("paracle.http.ssl-bundle");
						assertThat(ex.getValue()).isEqualTo("corporate-ca");
					})
					.hasMessageContaining("paracle.http.ssl-bundle")
					.hasMessageContaining("No SSL bundle named 'corporate-ca'; configure "
							+ "spring.ssl.bundle.jks.corporate-ca.* or spring.ssl.bundle.pem.corporate-ca.*");
			});
	}

	/**
	 * The provider's host does not exist: only the proxy (the fake server, which answers any absolute-form
	 * request from its stubs) can carry the call.
	 */
	@ParameterizedTest
	@EnumSource(HttpClientType.class)
	void theJvmProxySettingsCarryTheProviderCalls(HttpClientType httpClient) {
		WireMockServer proxy = FakeProviderServer.get();
		String[] properties = { "http.proxyHost", "http.proxyPort", "http.nonProxyHosts" };
		String[] previous = new String[properties.length];
		for (int i = 0; i < properties.length; i++) {
			previous[i] = System.getProperty(properties[i]);
		}
		System.setProperty("http.proxyHost", "127.0.0.1");
		System.setProperty("http.proxyPort", Integer.toString(proxy.port()));
		System.setProperty("http.nonProxyHosts", "direct.invalid");
		try {
			this.contextRunner
				.withPropertyValues(client(httpClient), "paracle.providers.openai.base-url=http://llm.provider.invalid/v1")
				.run((context) -> {
					assertThat(context.getBean(OpenAiProvider.class).chat("Hello").text()).isEqualTo("Hi");
					proxy.verify(1, postRequestedFor(urlEqualTo("/v1/chat/completions"))
						.withHeader("Host", equalTo("llm.provider.invalid"))
						.withHeader("Authorization", equalTo("Bearer sk-test-openai-0001")));
				});
		}
		finally {
			for (int i = 0; i < properties.length; i++) {
				if (previous[i] != null) {
					System.setProperty(properties[i], previous[i]);
				}
				else {
					System.clearProperty(properties[i]);
				}
			}
		}
	}

	private static String client(HttpClientType type) {
		return "paracle.http.client=" + type.name().toLowerCase(Locale.ROOT).replace('_', '-');
	}

	private static String httpsBaseUrl() {
		return "https://127.0.0.1:" + httpsServer.httpsPort() + "/v1";
	}

}
