package io.paracle.keys.secrets;

import java.util.List;

import com.azure.security.keyvault.secrets.SecretClient;
import com.azure.security.keyvault.secrets.SecretClientBuilder;
import io.paracle.keys.refresh.KeyRefresher;
import io.paracle.keys.resolve.ApiKeyResolver;
import io.paracle.keys.resolve.KeySourceKind;
import io.paracle.keys.testsupport.stores.FakeStoreCertificateTrust;
import io.paracle.keys.testsupport.stores.SelfSignedCertificate;
import io.paracle.keys.testsupport.stores.StaticTokenCredential;
import io.paracle.keys.testsupport.stores.StoreApplication;
import io.paracle.keys.testsupport.stores.TokenCredentialBootstrap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.MountableFile;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Azure Key Vault scenario against Lowkey Vault, an Azure Key Vault test double, serving the shared test
 * certificate (trusted by the JVM) and answering for {@code https://localhost:<any port>}. Lowkey Vault accepts
 * any bearer token. Needs a local Docker engine (the certificate names localhost); skipped where none answers.
 */
@Testcontainers(disabledWithoutDocker = true)
@Tag(FakeStoreCertificateTrust.TAG)
class LowkeyVaultContainerTests {

	private static final String KEY_STORE = "/config/paracle-test.p12";

	@Container
	static final GenericContainer<?> lowkey = new GenericContainer<>(
			DockerImageName.parse("nagyesta/lowkey-vault:4.0.0-ubi9-minimal"))
		.withExposedPorts(8443)
		.withCopyFileToContainer(MountableFile.forHostPath(SelfSignedCertificate.shared().keyStore(), 0444), KEY_STORE)
		.withEnv("LOWKEY_VAULT_RELAXED_PORTS", "true")
		.withEnv("LOWKEY_ARGS",
				"--server.ssl.key-store=" + KEY_STORE + " --server.ssl.key-store-type=PKCS12"
						+ " --server.ssl.key-store-password=" + SelfSignedCertificate.shared().trustStorePassword()
						+ " --server.ssl.key-alias=" + SelfSignedCertificate.shared().keyAlias());

	private final StaticTokenCredential credential = new StaticTokenCredential("lowkey-accepts-any-token");

	@BeforeAll
	static void trustTheCertificate() {
		FakeStoreCertificateTrust.trustForThisJvm();
	}

	@Test
	void keyFromKeyVaultAndRotationWithoutRestart() {
		String vaultUrl = "https://localhost:" + lowkey.getMappedPort(8443);
		SecretClient client = new SecretClientBuilder().vaultUrl(vaultUrl)
			.credential(this.credential)
			.disableChallengeResourceVerification()
			.buildClient();
		client.setSecret("OPENAI-API-KEY", "sk-azure-container-0001");
		try (ConfigurableApplicationContext context = StoreApplication.run(
				(application) -> TokenCredentialBootstrap.register(application, this.credential),
				List.of("--paracle.secrets.backend=azure", "--paracle.secrets.azure.vault-url=" + vaultUrl,
						"--spring.cloud.azure.keyvault.secret.property-sources[0]"
								+ ".challenge-resource-verification-enabled=false",
						"--paracle.secrets.refresh-interval=1h"))) {
			ApiKeyResolver resolver = context.getBean(ApiKeyResolver.class);
			assertThat(resolver.keys("openai").primary().secret()).isEqualTo("sk-azure-container-0001");
			assertThat(resolver.keys("openai").origin().kind()).isEqualTo(KeySourceKind.SECRET_STORE);
			client.setSecret("OPENAI-API-KEY", "sk-azure-container-0002");
			assertThat(context.getBean(KeyRefresher.class).refresh()).containsExactly("openai");
			assertThat(resolver.keys("openai").primary().secret()).isEqualTo("sk-azure-container-0002");
		}
	}

}
