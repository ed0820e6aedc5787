package io.paracle.keys.testsupport.stores;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Wire-level checks of the fakes with the JDK HTTP client, no Spring involved.
 */
class FakeStoreServerTests {

	private final HttpClient http = HttpClient.newHttpClient();

	@Test
	void vaultChecksTokenAndServesKvVersion2() throws Exception {
		try (FakeVaultServer vault = new FakeVaultServer("right-token").start()) {
			vault.putSecret("paracle", Map.of("OPENAI_API_KEY", "sk-wire-1"));
			assertThat(get(vault.baseUrl() + "/v1/secret/data/paracle", "X-Vault-Token", "wrong-token").statusCode())
				.isEqualTo(403);
			HttpResponse<String> data = get(vault.baseUrl() + "/v1/secret/data/paracle", "X-Vault-Token", "right-token");
			assertThat(data.statusCode()).isEqualTo(200);
			assertThat(data.body()).contains("\"data\":{\"OPENAI_API_KEY\":\"sk-wire-1\"}", "\"version\":1",
					"\"lease_duration\":0");
			assertThat(get(vault.baseUrl() + "/v1/secret/data/missing", "X-Vault-Token", "right-token").statusCode())
				.isEqualTo(404);
			assertThat(get(vault.baseUrl() + "/v1/sys/internal/ui/mounts/secret/paracle", "X-Vault-Token", "right-token")
				.body()).contains("\"options\":{\"version\":\"2\"}", "\"type\":\"kv\"");
			assertThat(vault.putSecret("paracle", Map.of("OPENAI_API_KEY", "sk-wire-2"))).isEqualTo(2);
			assertThat(get(vault.baseUrl() + "/v1/secret/metadata/paracle", "X-Vault-Token", "right-token").body())
				.contains("\"current_version\":2", "\"updated_time\":", "\"created_time\":");
			assertThat(vault.dataReads("paracle")).isEqualTo(2);
			assertThat(vault.journal().lastHeaders("/v1/secret/data/paracle").get("x-vault-token"))
				.containsExactly("right-token");
		}
	}

	@Test
	void restartsOnTheSamePort() throws Exception {
		try (FakeVaultServer vault = new FakeVaultServer().start()) {
			int port = vault.port();
			vault.stop();
			assertThat(vault.isRunning()).isFalse();
			assertThatExceptionOfType(ConnectException.class)
				.isThrownBy(() -> get(vault.baseUrl() + "/v1/auth/token/lookup-self", "X-Vault-Token", vault.token()));
			vault.start();
			assertThat(vault.port()).isEqualTo(port);
			assertThat(get(vault.baseUrl() + "/v1/auth/token/lookup-self", "X-Vault-Token", vault.token()).statusCode())
				.isEqualTo(200);
		}
	}

	@Test
	void journalCountsConcurrentRequests() {
		try (FakeVaultServer vault = new FakeVaultServer().start()) {
			List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
			for (int i = 0; i < 20; i++) {
				calls.add(this.http.sendAsync(request(vault.baseUrl() + "/v1/auth/token/lookup-self", "X-Vault-Token",
						vault.token()), HttpResponse.BodyHandlers.ofString()));
			}
			calls.forEach((call) -> assertThat(call.join().statusCode()).isEqualTo(200));
			assertThat(vault.journal().count("/v1/auth/token/lookup-self")).isEqualTo(20);
			vault.journal().reset();
			assertThat(vault.journal().size()).isZero();
		}
	}

	@Test
	void secretsManagerAnswersJsonOneOne() throws Exception {
		try (FakeSecretsManagerServer aws = new FakeSecretsManagerServer().start()) {
			aws.putSecret("paracle/api-keys", Map.of("OPENAI_API_KEY", "sk-wire-1"));
			HttpResponse<String> value = post(aws, "GetSecretValue", "{\"SecretId\":\"paracle/api-keys\"}");
			assertThat(value.statusCode()).isEqualTo(200);
			assertThat(value.headers().firstValue("Content-Type")).hasValue("application/x-amz-json-1.1");
			assertThat(value.body()).contains("\"Name\":\"paracle/api-keys\"",
					"\"SecretString\":\"{\\\"OPENAI_API_KEY\\\":\\\"sk-wire-1\\\"}\"", "\"VersionId\":", "\"CreatedDate\":");
			HttpResponse<String> missing = post(aws, "GetSecretValue", "{\"SecretId\":\"nope\"}");
			assertThat(missing.statusCode()).isEqualTo(400);
			assertThat(missing.body()).contains("\"__type\":\"ResourceNotFoundException\"");
			aws.rotateSecret("paracle/api-keys", Map.of("OPENAI_API_KEY", "sk-wire-2"));
			assertThat(post(aws, "DescribeSecret", "{\"SecretId\":\"paracle/api-keys\"}").body())
				.contains("\"LastChangedDate\":", "\"LastRotatedDate\":");
			assertThat(aws.operationCount("GetSecretValue")).isEqualTo(2);
			assertThat(aws.operationCount("DescribeSecret")).isEqualTo(1);
		}
	}

	@Test
	void keyVaultChallengesThenServesOverHttps() throws Exception {
		HttpClient https = HttpClient.newBuilder().sslContext(trustingSharedCertificate()).build();
		try (FakeKeyVaultServer azure = new FakeKeyVaultServer().start()) {
			azure.putSecret("openai-api-key", "sk-wire-1");
			HttpResponse<String> challenge = https.send(request(azure.baseUrl() + "/secrets?api-version=7.6"),
					HttpResponse.BodyHandlers.ofString());
			assertThat(challenge.statusCode()).isEqualTo(401);
			assertThat(challenge.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
					(header) -> assertThat(header).startsWith("Bearer authorization=").contains("resource="));
			String bearer = "Bearer " + FakeKeyVaultServer.DEFAULT_TOKEN;
			assertThat(https.send(request(azure.baseUrl() + "/secrets?api-version=7.6", "Authorization", bearer),
					HttpResponse.BodyHandlers.ofString()).body())
				.contains("\"id\":\"" + azure.baseUrl() + "/secrets/openai-api-key\"", "\"nextLink\":null");
			assertThat(https.send(request(azure.baseUrl() + "/secrets/OPENAI-API-KEY/?api-version=7.6", "Authorization",
					bearer), HttpResponse.BodyHandlers.ofString()).body())
				.contains("\"value\":\"sk-wire-1\"", "\"created\":", "\"updated\":");
			assertThat(azure.secretReads("openai-api-key")).isEqualTo(1);
			assertThat(azure.listCalls()).isEqualTo(2);
		}
	}

	private HttpResponse<String> get(String url, String header, String value) throws IOException, InterruptedException {
		return this.http.send(request(url, header, value), HttpResponse.BodyHandlers.ofString());
	}

	private HttpResponse<String> post(FakeSecretsManagerServer aws, String operation, String body)
			throws IOException, InterruptedException {
		HttpRequest request = HttpRequest.newBuilder(URI.create(aws.baseUrl() + "/"))
			.header("X-Amz-Target", FakeSecretsManagerServer.TARGET_PREFIX + operation)
			.header("Content-Type", "application/x-amz-json-1.1")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build();
		return this.http.send(request, HttpResponse.BodyHandlers.ofString());
	}

	private static HttpRequest request(String url, String... headers) {
		HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url));
		for (int i = 0; i < headers.length; i += 2) {
			builder.header(headers[i], headers[i + 1]);
		}
		return builder.build();
	}

	private static SSLContext trustingSharedCertificate() throws Exception {
		SelfSignedCertificate certificate = SelfSignedCertificate.shared();
		KeyStore trust = KeyStore.getInstance(certificate.trustStoreType());
		try (InputStream in = Files.newInputStream(certificate.trustStore())) {
			trust.load(in, certificate.trustStorePassword().toCharArray());
		}
		TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
		factory.init(trust);
		SSLContext context = SSLContext.getInstance("TLS");
		context.init(null, factory.getTrustManagers(), null);
		return context;
	}

}
