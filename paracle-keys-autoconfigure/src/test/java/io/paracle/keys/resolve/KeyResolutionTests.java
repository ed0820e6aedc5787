package io.paracle.keys.resolve;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import io.paracle.keys.autoconfigure.ParacleKeysAutoConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Where keys come from, in which order, and what the resolver reports about them.
 */
class KeyResolutionTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ParacleKeysAutoConfiguration.class))
		.withInitializer(TestEnvironments.osEnvironment());

	@TempDir
	Path temp;

	@Test
	void noKeyAnywhereMeansNoActiveProvider() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context.getBean(ApiKeyResolver.class).configurations()).isEmpty();
		});
	}

	@Test
	void osEnvironmentVariableActivatesProvider() {
		this.contextRunner.withInitializer(TestEnvironments.osEnvironment("OPENAI_API_KEY", "sk-env-0001"))
			.run((context) -> {
				ProviderKeys keys = context.getBean(ApiKeyResolver.class).keys("openai");
				assertThat(keys.primary().secret()).isEqualTo("sk-env-0001");
				assertThat(keys.origin()).isEqualTo(new KeyOrigin(KeySourceKind.ENVIRONMENT, "OPENAI_API_KEY",
						"systemEnvironment"));
				assertThat(keys.fingerprints()).containsExactly(Fingerprints.of("sk-env-0001"));
				assertThat(context.getBean(ApiKeyResolver.class).configurations()).containsOnlyKeys("openai");
			});
	}

	@Test
	void propertyWinsOverEnvironmentVariable() {
		this.contextRunner.withInitializer(TestEnvironments.osEnvironment("OPENAI_API_KEY", "sk-env-0001"))
			.withPropertyValues("paracle.providers.openai.api-key=sk-prop-0001")
			.run((context) -> {
				ProviderKeys keys = context.getBean(ApiKeyResolver.class).keys("openai");
				assertThat(keys.keys()).extracting(ApiKey::secret).containsExactly("sk-prop-0001");
				assertThat(keys.origin().name()).isEqualTo("paracle.providers.openai.api-key");
				assertThat(keys.origin().kind()).isEqualTo(KeySourceKind.OTHER);
			});
	}

	@Test
	void propertyThatReferencesVariableReportsTheVariableAsOrigin() {
		this.contextRunner.withInitializer(TestEnvironments.osEnvironment("MY_TEAM_KEY", "sk-team-0001"))
			.withPropertyValues("paracle.providers.openai.api-key=${MY_TEAM_KEY}")
			.run((context) -> {
				ProviderKeys keys = context.getBean(ApiKeyResolver.class).keys("openai");
				assertThat(keys.primary().secret()).isEqualTo("sk-team-0001");
				assertThat(keys.origin()).isEqualTo(new KeyOrigin(KeySourceKind.ENVIRONMENT, "MY_TEAM_KEY",
						"systemEnvironment"));
			});
	}

	@Test
	void severalKeysFromListPropertyAndFromCommaSeparatedVariable() {
		this.contextRunner.withPropertyValues("paracle.providers.openai.api-keys[0]=sk-a-0001",
				"paracle.providers.openai.api-keys[1]=sk-b-0002")
			.withInitializer(TestEnvironments.osEnvironment("GROQ_API_KEY", "gsk_one0001, gsk_two0002"))
			.run((context) -> {
				ApiKeyResolver resolver = context.getBean(ApiKeyResolver.class);
				assertThat(resolver.keys("openai").keys()).extracting(ApiKey::secret)
					.containsExactly("sk-a-0001", "sk-b-0002");
				assertThat(resolver.keys("groq").keys()).extracting(ApiKey::secret)
					.containsExactly("gsk_one0001", "gsk_two0002");
			});
	}

	@Test
	void secondaryConventionalVariableIsUsedWhenPrimaryIsAbsent() {
		this.contextRunner.withInitializer(TestEnvironments.osEnvironment("ANTHROPIC_API_KEY", "sk-ant-vendor-0001"))
			.run((context) -> {
				ProviderKeys keys = context.getBean(ApiKeyResolver.class).keys("anthropic");
				assertThat(keys.primary().secret()).isEqualTo("sk-ant-vendor-0001");
				assertThat(keys.origin().name()).isEqualTo("ANTHROPIC_API_KEY");
			});
	}

	@Test
	void primaryConventionalVariableWinsOverSecondary() {
		this.contextRunner
			.withInitializer(TestEnvironments.osEnvironment("ANTHROPIC_API_KEY", "sk-ant-vendor-0001",
					"CLAUDE_API_KEY", "sk-ant-claude-0001"))
			.run((context) -> assertThat(context.getBean(ApiKeyResolver.class).keys("anthropic").primary().secret())
				.isEqualTo("sk-ant-claude-0001"));
	}

	@Test
	void dashedNameFromSecretStoreIsFound() {
		this.contextRunner.withInitializer(TestEnvironments.importedSource("azure-key-vault-secret-property-source-0",
				"OPENAI-API-KEY", "sk-vault-0001"))
			.run((context) -> {
				ProviderKeys keys = context.getBean(ApiKeyResolver.class).keys("openai");
				assertThat(keys.primary().secret()).isEqualTo("sk-vault-0001");
				assertThat(keys.origin().name()).isEqualTo("OPENAI-API-KEY");
				assertThat(keys.origin().kind()).isEqualTo(KeySourceKind.SECRET_STORE);
			});
	}

	@Test
	void lowerCaseDashedNameAsKeyVaultListsItIsFound() {
		this.contextRunner.withInitializer(TestEnvironments.importedSource("azure-key-vault-secret-property-source-0",
				"gemini-api-key", "AIzaStoreKey0001"))
			.run((context) -> assertThat(context.getBean(ApiKeyResolver.class).keys("gemini").primary().secret())
				.isEqualTo("AIzaStoreKey0001"));
	}

	@Test
	void fileVariableIsReadAndOneTrailingNewlineDropped() throws IOException {
		Path file = write("openai_api_key", "sk-file-0001\n");
		this.contextRunner.withInitializer(TestEnvironments.osEnvironment("OPENAI_API_KEY_FILE", file.toString()))
			.run((context) -> {
				ProviderKeys keys = context.getBean(ApiKeyResolver.class).keys("openai");
				assertThat(keys.primary().secret()).isEqualTo("sk-file-0001");
				assertThat(keys.origin()).isEqualTo(new KeyOrigin(KeySourceKind.FILE, "OPENAI_API_KEY_FILE",
						file.toString()));
				assertThat(keys.origin().description()).isEqualTo("OPENAI_API_KEY_FILE");
			});
	}

	@Test
	void fileVariableWithoutTrailingNewlineAndWithWindowsNewline() throws IOException {
		Path plain = write("plain", "sk-file-plain-0001");
		Path crlf = write("crlf", "gsk_crlf0001\r\n");
		this.contextRunner
			.withInitializer(TestEnvironments.osEnvironment("OPENAI_API_KEY_FILE", plain.toString(),
					"GROQ_API_KEY_FILE", crlf.toString()))
			.run((context) -> {
				ApiKeyResolver resolver = context.getBean(ApiKeyResolver.class);
				assertThat(resolver.keys("openai").primary().secret()).isEqualTo("sk-file-plain-0001");
				assertThat(resolver.keys("groq").primary().secret()).isEqualTo("gsk_crlf0001");
			});
	}

	@Test
	void fileWithTwoTrailingNewlinesIsRejectedAsWhitespace() throws IOException {
		Path file = write("double", "sk-file-canary-7731\n\n");
		this.contextRunner.withInitializer(TestEnvironments.osEnvironment("OPENAI_API_KEY_FILE", file.toString()))
			.run((context) -> assertThat(FailureText.of(context)).contains("contains a line break")
				.contains("OPENAI_API_KEY_FILE")
				.doesNotContain("sk-file-canary-7731"));
	}

	@Test
	void environmentVariableWinsOverFileVariable() throws IOException {
		Path file = write("openai", "sk-file-0001\n");
		this.contextRunner
			.withInitializer(TestEnvironments.osEnvironment("OPENAI_API_KEY", "sk-env-0001", "OPENAI_API_KEY_FILE",
					file.toString()))
			.run((context) -> assertThat(context.getBean(ApiKeyResolver.class).keys("openai").primary().secret())
				.isEqualTo("sk-env-0001"));
	}

	@Test
	void unreadableFileFailsWithItsVariableName() {
		this.contextRunner
			.withInitializer(TestEnvironments.osEnvironment("OPENAI_API_KEY_FILE", "/nonexistent/openai_api_key"))
			.run((context) -> assertThat(FailureText.of(context))
				.contains("OPENAI_API_KEY_FILE points to /nonexistent/openai_api_key, which cannot be read"));
	}

	@Test
	void apiKeyFilePropertyServesNamedConfigurations() throws IOException {
		Path file = write("eu", "sk-eu-file-0001\n");
		this.contextRunner
			.withPropertyValues("paracle.providers.openai-eu.type=openai",
					"paracle.providers.openai-eu.api-key-file=" + file)
			.run((context) -> {
				ProviderKeys keys = context.getBean(ApiKeyResolver.class).keys("openai-eu");
				assertThat(keys.primary().secret()).isEqualTo("sk-eu-file-0001");
				assertThat(keys.origin().name()).isEqualTo("paracle.providers.openai-eu.api-key-file");
			});
	}

	@Test
	void dotenvIsBelowTheRealEnvironment() {
		this.contextRunner.withInitializer(TestEnvironments.osEnvironment("OPENAI_API_KEY", "sk-env-0001"))
			.withInitializer(TestEnvironments.dotenv("OPENAI_API_KEY", "sk-dotenv-0001", "GROQ_API_KEY",
					"gsk_dotenv0001"))
			.run((context) -> {
				ApiKeyResolver resolver = context.getBean(ApiKeyResolver.class);
				assertThat(resolver.keys("openai").primary().secret()).isEqualTo("sk-env-0001");
				assertThat(resolver.keys("groq").primary().secret()).isEqualTo("gsk_dotenv0001");
				assertThat(resolver.keys("groq").origin().kind()).isEqualTo(KeySourceKind.DOTENV);
				assertThat(resolver.keys("groq").origin().description())
					.isEqualTo("GROQ_API_KEY (paracle-dotenv:/app/.env)");
			});
	}

	@Test
	void fileVariableWinsOverDotenv() throws IOException {
		Path file = write("openai", "sk-file-0001");
		this.contextRunner.withInitializer(TestEnvironments.osEnvironment("OPENAI_API_KEY_FILE", file.toString()))
			.withInitializer(TestEnvironments.dotenv("OPENAI_API_KEY", "sk-dotenv-0001"))
			.run((context) -> assertThat(context.getBean(ApiKeyResolver.class).keys("openai").primary().secret())
				.isEqualTo("sk-file-0001"));
	}

	@Test
	void conventionalVariablesApplyOnlyToConfigurationNamedAfterCatalogId() {
		this.contextRunner.withInitializer(TestEnvironments.osEnvironment("OPENAI_API_KEY", "sk-env-0001"))
			.withPropertyValues("paracle.providers.openai-eu.type=openai",
					"paracle.providers.openai-eu.api-key=sk-eu-0001", "paracle.providers.tenant-a.type=anthropic",
					"paracle.providers.tenant-a.api-key=sk-ant-tenant-0001")
			.run((context) -> {
				ApiKeyResolver resolver = context.getBean(ApiKeyResolver.class);
				assertThat(resolver.configurations()).containsOnlyKeys("openai", "openai-eu", "tenant-a");
				assertThat(resolver.keys("openai").primary().secret()).isEqualTo("sk-env-0001");
				assertThat(resolver.keys("openai-eu").primary().secret()).isEqualTo("sk-eu-0001");
				assertThat(resolver.configurations().get("tenant-a").requiredDescriptor().id()).isEqualTo("anthropic");
			});
	}

	@Test
	void namedConfigurationWithoutKeyDoesNotBorrowTheConventionalVariable() {
		this.contextRunner.withInitializer(TestEnvironments.osEnvironment("OPENAI_API_KEY", "sk-env-0001"))
			.withPropertyValues("paracle.providers.openai-eu.type=openai", "paracle.providers.openai-eu.enabled=true")
			.run((context) -> assertThat(FailureText.of(context))
				.contains("paracle.providers.openai-eu.api-key not found for OpenAI"));
	}

	@Test
	void enabledFalseSwitchesProviderOffEvenWithKey() {
		this.contextRunner.withInitializer(TestEnvironments.osEnvironment("OPENAI_API_KEY", "sk-env-0001"))
			.withPropertyValues("paracle.providers.openai.enabled=false")
			.run((context) -> assertThat(context.getBean(ApiKeyResolver.class).configurations()).isEmpty());
	}

	@Test
	void bedrockStaysOffWithAwsCredentialsAloneAndTurnsOnWhenEnabled() {
		ApplicationContextRunner withAws = this.contextRunner.withInitializer(TestEnvironments
			.osEnvironment("AWS_ACCESS_KEY_ID", "AKIATESTKEY0001", "AWS_SECRET_ACCESS_KEY", "aws-secret-0001"));
		withAws.run((context) -> assertThat(context.getBean(ApiKeyResolver.class).configurations()).isEmpty());
		withAws.withPropertyValues("paracle.providers.bedrock.enabled=true").run((context) -> {
			ApiKey key = context.getBean(ApiKeyResolver.class).keys("bedrock").primary();
			assertThat(key.keyId()).isEqualTo("AKIATESTKEY0001");
			assertThat(key.secret()).isEqualTo("aws-secret-0001");
		});
	}

	@Test
	void bedrockEnabledWithoutCredentialsUsesDefaultChain() {
		this.contextRunner.withPropertyValues("paracle.providers.bedrock.region=eu-west-1").run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context.getBean(ApiKeyResolver.class).keys("bedrock").isEmpty()).isTrue();
		});
	}

	@Test
	void refreshPicksUpChangedKeyAndPublishesEvent() {
		List<ApiKeysRotatedEvent> events = new ArrayList<>();
		this.contextRunner.withInitializer(TestEnvironments.importedSource("secret/paracle", "OPENAI_API_KEY",
				"sk-old-0001"))
			.withBean(ApplicationListener.class,
					() -> (ApplicationListener<ApiKeysRotatedEvent>) events::add)
			.run((context) -> {
				ApiKeyResolver resolver = context.getBean(ApiKeyResolver.class);
				ConfigurableEnvironment environment = context.getEnvironment();
				assertThat(resolver.refresh()).isEmpty();
				environment.getPropertySources()
					.replace("secret/paracle", new MapPropertySource("secret/paracle",
							TestEnvironments.map("OPENAI_API_KEY", "sk-new-0002")));
				assertThat(resolver.refresh()).containsExactly("openai");
				assertThat(resolver.keys("openai").primary().secret()).isEqualTo("sk-new-0002");
				assertThat(events).singleElement().satisfies((event) -> {
					assertThat(event.getPreviousFingerprints()).containsExactly(Fingerprints.of("sk-old-0001"));
					assertThat(event.getCurrentFingerprints()).containsExactly(Fingerprints.of("sk-new-0002"));
				});
			});
	}

	@Test
	void refreshKeepsLastGoodKeyWhenSourceLosesIt() {
		this.contextRunner.withInitializer(TestEnvironments.importedSource("secret/paracle", "OPENAI_API_KEY",
				"sk-old-0001"))
			.run((context) -> {
				ApiKeyResolver resolver = context.getBean(ApiKeyResolver.class);
				context.getEnvironment().getPropertySources().remove("secret/paracle");
				assertThat(resolver.refresh()).isEmpty();
				assertThat(resolver.keys("openai").primary().secret()).isEqualTo("sk-old-0001");
			});
	}

	@Test
	void apiKeyToStringShowsFingerprintOnly() {
		ApiKey key = ApiKey.of("sk-canary-5521", new KeyOrigin(KeySourceKind.ENVIRONMENT, "OPENAI_API_KEY", null));
		assertThat(key.toString()).isEqualTo("ApiKey[" + Fingerprints.of("sk-canary-5521") + " from OPENAI_API_KEY]")
			.doesNotContain("sk-canary-5521");
		assertThat(new ProviderKeys("openai", List.of(key)).toString()).doesNotContain("sk-canary-5521");
		assertThat(key.fingerprint()).hasSize(8).matches("[0-9a-f]{8}");
	}

	private Path write(String name, String content) throws IOException {
		Path file = this.temp.resolve(name);
		Files.writeString(file, content, StandardCharsets.UTF_8);
		return file;
	}

}
