package io.paracle.keys.secrets;

import java.util.List;

import io.paracle.keys.refresh.KeyRefresher;
import io.paracle.keys.resolve.ApiKeyResolver;
import io.paracle.keys.testsupport.stores.FakeKeyVaultServer;
import io.paracle.keys.testsupport.stores.FakeStoreCertificateTrust;
import io.paracle.keys.testsupport.stores.FakeStoreServer;
import io.paracle.keys.testsupport.stores.KeyVaultRefreshTimers;
import io.paracle.keys.testsupport.stores.RecordedRequest;
import io.paracle.keys.testsupport.stores.StaticTokenCredential;
import io.paracle.keys.testsupport.stores.TokenCredentialBootstrap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Azure Key Vault over HTTPS through Spring Cloud Azure: {@code paracle.secrets.backend: azure} and
 * {@code paracle.secrets.azure.vault-url} in {@code application-azuretest.yml}; the secret is
 * {@code OPENAI-API-KEY}, as Key Vault allows no underscores.
 */
@Tag(FakeStoreCertificateTrust.TAG)
class KeyVaultSecretStoreTests extends SecretStoreScenarios {

	private final FakeKeyVaultServer azure = new FakeKeyVaultServer();

	private final StaticTokenCredential credential = this.azure.credential();

	@BeforeAll
	static void trustTheFake() {
		FakeStoreCertificateTrust.trustForThisJvm();
	}

	@BeforeEach
	void startAzure() {
		this.azure.start();
		putOpenAiKey(key(1));
	}

	@Override
	FakeStoreServer store() {
		return this.azure;
	}

	@Override
	String profile() {
		return "azuretest";
	}

	@Override
	String backend() {
		return "azure";
	}

	@Override
	String expectedSource() {
		return "azure-keyvault:127.0.0.1:" + this.azure.port();
	}

	@Override
	List<String> storeArguments() {
		return List.of("--test.fake-keyvault.port=" + this.azure.port());
	}

	@Override
	void customize(SpringApplication application) {
		TokenCredentialBootstrap.register(application, this.credential);
	}

	@Override
	void putOpenAiKey(String key) {
		this.azure.putSecret("OPENAI-API-KEY", key);
	}

	@Override
	void putSecretWithoutOpenAiKey() {
		this.azure.deleteSecret("OPENAI-API-KEY");
		this.azure.putSecret("MISTRAL-API-KEY", "not-the-openai-key");
	}

	@Test
	void readsTheVaultAfterTheBearerChallengeWithoutABackgroundTimer() {
		run();
		List<RecordedRequest> requests = this.azure.journal().requests();
		assertThat(requests).extracting(RecordedRequest::path)
			.containsExactly("/secrets", "/secrets", "/secrets/OPENAI-API-KEY/");
		assertThat(requests.get(1).header("Authorization")).isEqualTo("Bearer " + FakeKeyVaultServer.DEFAULT_TOKEN);
		assertThat(this.credential.requestedScopes()).containsOnly(List.of(FakeKeyVaultServer.SCOPE));
		// The starter re-reads on its own schedule: Spring Cloud Azure's refresh timer stays off.
		assertThat(KeyVaultRefreshTimers.isRunning(expectedSource())).isFalse();
	}

	@Test
	void reReadsReuseOneSecretClientAndItsConnections() {
		run();
		KeyRefresher refresher = context().getBean(KeyRefresher.class);
		refresher.refresh();
		int afterStartup = this.azure.acceptedConnections();
		int listsBefore = this.azure.listCalls();
		for (int i = 0; i < 80; i++) {
			refresher.refresh();
		}
		putOpenAiKey(key(2));
		assertThat(refresher.refresh()).containsExactly("openai");
		// every re-read went to the vault
		assertThat(this.azure.listCalls() - listsBefore).isGreaterThanOrEqualTo(81);
		assertThat(context().getBean(ApiKeyResolver.class).keys("openai").primary().secret()).isEqualTo(key(2));
		// one client, one pool: at most the connection or two a pool opens when a request starts before the last
		// one was handed back (a new client per re-read made it 84: one per re-read)
		assertThat(this.azure.acceptedConnections()).isLessThanOrEqualTo(afterStartup + 2);
	}

}
