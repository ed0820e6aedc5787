package io.paracle.keys.secrets;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.paracle.keys.resolve.ApiKeyResolver;
import io.paracle.keys.resolve.KeySourceKind;
import io.paracle.keys.rotation.KeyAge;
import io.paracle.keys.rotation.KeyAgePolicy;
import io.paracle.keys.testsupport.stores.FakeStoreServer;
import io.paracle.keys.testsupport.stores.FakeVaultServer;
import io.paracle.keys.testsupport.stores.RecordedRequest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.system.CapturedOutput;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * HashiCorp Vault KV v2 through Spring Cloud Vault: {@code paracle.secrets.backend: vault} in
 * {@code application-vaulttest.yml}.
 */
class VaultSecretStoreTests extends SecretStoreScenarios {

	private final FakeVaultServer vault = new FakeVaultServer();

	@TempDir
	Path temp;

	@BeforeEach
	void startVault() {
		this.vault.start();
		putOpenAiKey(key(1));
	}

	@Override
	FakeStoreServer store() {
		return this.vault;
	}

	@Override
	String profile() {
		return "vaulttest";
	}

	@Override
	String backend() {
		return "vault";
	}

	@Override
	String expectedSource() {
		return "vault:secret/paracle";
	}

	@Override
	List<String> storeArguments() {
		return List.of("--test.fake-vault.port=" + this.vault.port());
	}

	@Override
	void putOpenAiKey(String key) {
		this.vault.putSecret("paracle", Map.of("OPENAI_API_KEY", key));
	}

	@Override
	void putSecretWithoutOpenAiKey() {
		this.vault.putSecret("paracle", Map.of("MISTRAL_API_KEY", "not-the-openai-key"));
	}

	@Test
	void readsTheSecretOnceWithTheVaultToken() {
		run();
		// Besides the key age check's metadata read (on its own thread, at startup).
		assertThat(this.vault.journal().requests()).extracting(RecordedRequest::path)
			.filteredOn((path) -> !path.equals("/v1/secret/metadata/paracle"))
			.containsExactly("/v1/auth/token/lookup-self", "/v1/sys/internal/ui/mounts/secret/paracle",
					"/v1/secret/data/paracle");
		assertThat(context().getEnvironment().getProperty(SecretStoreEnvironmentPostProcessor.VAULT_FAIL_FAST))
			.isEqualTo("true");
		assertThat(context().getEnvironment().getProperty(SecretStoreEnvironmentPostProcessor.VAULT_CONFIG_LIFECYCLE))
			.isEqualTo("false");
	}

	@Test
	void sourcePolicyNamesTheStore(CapturedOutput output) {
		run("--paracle.keys.allowed-sources=vault").close();
		assertThatException().isThrownBy(() -> run("--paracle.keys.allowed-sources=aws,azure"));
		assertThat(output).contains("comes from vault:secret/paracle (source 'vault'), which "
				+ "paracle.keys.allowed-sources [aws, azure] does not allow");
	}

	@Test
	void keyAgeComesFromTheSecretsMetadataOncePerKey() {
		run();
		KeyAgePolicy policy = context().getBean(KeyAgePolicy.class);
		ApiKeyResolver resolver = context().getBean(ApiKeyResolver.class);
		KeyAge age = policy.age("openai", resolver.keys("openai").primary());
		assertThat(age).isNotNull();
		assertThat(age.lastChanged()).isBetween(Instant.now().minusSeconds(60), Instant.now());
		// Another key of the same secret changes: the OpenAI key keeps its date.
		this.vault.putSecret("paracle", Map.of("OPENAI_API_KEY", key(1), "MISTRAL_API_KEY", "mistral-0001"));
		context().getBean(io.paracle.keys.refresh.KeyRefresher.class).refresh();
		assertThat(policy.age("openai", resolver.keys("openai").primary()).lastChanged()).isEqualTo(age.lastChanged());
		assertThat(this.vault.journal().count("/v1/secret/metadata/paracle")).isOne();
	}

	@Test
	void applicationsOwnConfigImportKeepsWorkingAlongside() throws IOException {
		Path secrets = Files.createDirectories(this.temp.resolve("secrets"));
		Files.writeString(secrets.resolve("CLAUDE_API_KEY"), "sk-ant-tree-0001\n");
		run("--spring.config.import=optional:configtree:" + secrets + "/");
		ApiKeyResolver resolver = context().getBean(ApiKeyResolver.class);
		assertThat(resolver.keys("openai").primary().secret()).isEqualTo(key(1));
		assertThat(resolver.keys("openai").origin().kind()).isEqualTo(KeySourceKind.SECRET_STORE);
		assertThat(resolver.keys("anthropic").primary().secret()).isEqualTo("sk-ant-tree-0001");
		assertThat(resolver.keys("anthropic").origin().kind()).isEqualTo(KeySourceKind.CONFIG_TREE);
		// A re-read goes through both imports again.
		putOpenAiKey(key(2));
		Files.writeString(secrets.resolve("CLAUDE_API_KEY"), "sk-ant-tree-0002\n");
		assertThat(context().getBean(io.paracle.keys.refresh.KeyRefresher.class).refresh())
			.containsExactlyInAnyOrder("openai", "anthropic");
	}

}
