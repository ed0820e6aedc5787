package io.paracle.keys.resolve;

import io.paracle.keys.autoconfigure.ParacleKeysAutoConfiguration;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code paracle.keys.allowed-sources}: keys from other sources fail startup with the provider and the source.
 */
class SourcePolicyTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ParacleKeysAutoConfiguration.class))
		.withInitializer(TestEnvironments.osEnvironment());

	@Test
	void keyFromSecretStoreIsAllowed() {
		this.contextRunner.withPropertyValues("paracle.keys.allowed-sources=vault,aws,azure")
			.withInitializer(TestEnvironments.importedSource("aws-secretsmanager:paracle/api-keys", "OPENAI_API_KEY",
					"sk-store-0001"))
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void keyHardCodedInApplicationConfigIsRefused() {
		this.contextRunner.withPropertyValues("paracle.keys.allowed-sources=vault,aws,azure,kubernetes,docker",
				"paracle.providers.openai.api-key=sk-canary-hardcoded-0001")
			.run((context) -> assertThat(FailureText.of(context))
				.contains("The key " + Fingerprints.of("sk-canary-hardcoded-0001") + " of provider 'openai' comes from "
						+ "paracle.providers.openai.api-key (source 'config'), which paracle.keys.allowed-sources "
						+ "[vault, aws, azure, kubernetes, docker] does not allow")
				.doesNotContain("sk-canary-hardcoded-0001"));
	}

	@Test
	void dotenvAndPlainEnvironmentVariableAreRefusedWhereNotAllowed() {
		this.contextRunner.withPropertyValues("paracle.keys.allowed-sources=vault,docker")
			.withInitializer(TestEnvironments.osEnvironment("OPENAI_API_KEY", "sk-env-0001"))
			.withInitializer(TestEnvironments.dotenv("GROQ_API_KEY", "gsk_dotenv00001"))
			.run((context) -> assertThat(FailureText.of(context)).contains("paracle-keys found 2 problems")
				.contains("comes from OPENAI_API_KEY (source 'env')")
				.contains("comes from GROQ_API_KEY (paracle-dotenv:/app/.env) (source 'dotenv')"));
	}

	@Test
	void dockerAllowsFileVariables() throws Exception {
		java.nio.file.Path file = java.nio.file.Files.createTempFile("openai", ".key");
		java.nio.file.Files.writeString(file, "sk-file-0001\n");
		this.contextRunner.withPropertyValues("paracle.keys.allowed-sources=docker")
			.withInitializer(TestEnvironments.osEnvironment("OPENAI_API_KEY_FILE", file.toString()))
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void kubernetesAllowsEnvironmentVariablesOnlyOnKubernetes() {
		this.contextRunner.withPropertyValues("paracle.keys.allowed-sources=kubernetes")
			.withInitializer(TestEnvironments.osEnvironment("OPENAI_API_KEY", "sk-env-0001"))
			.run((context) -> assertThat(FailureText.of(context)).contains("(source 'env')"));
		this.contextRunner.withPropertyValues("paracle.keys.allowed-sources=kubernetes")
			.withInitializer(TestEnvironments.osEnvironment("OPENAI_API_KEY", "sk-env-0001",
					"KUBERNETES_SERVICE_HOST", "10.0.0.1", "KUBERNETES_SERVICE_PORT", "443"))
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void noPolicyAllowsEverything() {
		this.contextRunner.withPropertyValues("paracle.providers.openai.api-key=sk-prop-0001")
			.run((context) -> assertThat(context).hasNotFailed());
	}

}
