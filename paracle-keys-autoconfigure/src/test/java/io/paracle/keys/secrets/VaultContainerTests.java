package io.paracle.keys.secrets;

import java.util.List;

import io.paracle.keys.refresh.KeyRefresher;
import io.paracle.keys.resolve.ApiKeyResolver;
import io.paracle.keys.resolve.KeySourceKind;
import io.paracle.keys.testsupport.stores.StoreApplication;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.Container.ExecResult;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.vault.VaultContainer;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Vault scenario against a real HashiCorp Vault in dev mode (KV v2 mounted at {@code secret/}). Skipped
 * where no Docker engine answers.
 */
@Testcontainers(disabledWithoutDocker = true)
class VaultContainerTests {

	private static final String TOKEN = "paracle-root";

	@Container
	static final VaultContainer<?> vault = new VaultContainer<>("hashicorp/vault:1.20")
		.withVaultToken(TOKEN)
		.withInitCommand("kv put secret/paracle OPENAI_API_KEY=sk-vault-container-0001");

	@Test
	void keyFromVaultAndRotationWithoutRestart() throws Exception {
		try (ConfigurableApplicationContext context = StoreApplication.run((application) -> {
		}, List.of("--paracle.secrets.backend=vault", "--spring.cloud.vault.uri=" + vault.getHttpHostAddress(),
				"--spring.cloud.vault.token=" + TOKEN, "--paracle.secrets.refresh-interval=1h"))) {
			ApiKeyResolver resolver = context.getBean(ApiKeyResolver.class);
			assertThat(resolver.keys("openai").primary().secret()).isEqualTo("sk-vault-container-0001");
			assertThat(resolver.keys("openai").origin().kind()).isEqualTo(KeySourceKind.SECRET_STORE);
			assertThat(resolver.keys("openai").origin().source()).isEqualTo("vault:secret/paracle");
			ExecResult put = vault.execInContainer("/bin/sh", "-c", "VAULT_ADDR=http://127.0.0.1:8200 VAULT_TOKEN="
					+ TOKEN + " vault kv patch secret/paracle OPENAI_API_KEY=sk-vault-container-0002");
			assertThat(put.getExitCode()).as(put.getStderr()).isZero();
			assertThat(context.getBean(KeyRefresher.class).refresh()).containsExactly("openai");
			assertThat(resolver.keys("openai").primary().secret()).isEqualTo("sk-vault-container-0002");
		}
	}

}
