package io.paracle.keys.resolve;

import io.paracle.keys.autoconfigure.ParacleKeysAutoConfiguration;
import io.paracle.keys.catalog.ProviderCatalog;
import io.paracle.keys.catalog.ProviderDescriptor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Startup rejections and warnings, as the failure analyzer reports them: each names the provider, the variable
 * or property, and the fix, and none shows the key.
 */
@ExtendWith(OutputCaptureExtension.class)
class KeyRejectionTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ParacleKeysAutoConfiguration.class))
		.withInitializer(TestEnvironments.osEnvironment());

	@Test
	void enabledProviderWithoutKeyNamesEveryPlaceLookedAtAndTheKeyPage() {
		this.contextRunner.withPropertyValues("paracle.providers.openai.enabled=true")
			.run((context) -> assertThat(FailureText.of(context))
				.contains("paracle-keys found 1 problem with API keys")
				.contains("OPENAI_API_KEY not found for OpenAI (provider 'openai' is enabled)")
				.contains("paracle.providers.openai.api-key, paracle.providers.openai.api-keys, "
						+ "paracle.providers.openai.api-key-file")
				.contains("OPENAI_API_KEY and OPENAI-API-KEY")
				.contains("OPENAI_API_KEY_FILE, .env, configtree imports")
				.contains("Set OPENAI_API_KEY")
				.contains("paracle.providers.openai.enabled=false")
				.contains("https://platform.openai.com/api-keys"));
	}

	@ParameterizedTest
	@MethodSource("io.paracle.keys.catalog.ProviderCatalog#ids")
	void missingKeyTextNamesEachProvidersPrimaryVariable(String id) {
		ProviderDescriptor descriptor = ProviderCatalog.get(id);
		this.contextRunner.withPropertyValues("paracle.providers." + id + ".enabled=true").run((context) -> {
			if (id.equals(ProviderCatalog.BEDROCK)) {
				assertThat(context).hasNotFailed();
				return;
			}
			assertThat(FailureText.of(context)).contains(descriptor.primaryVariable() + " not found")
				.contains(descriptor.keysUrl());
		});
	}

	@ParameterizedTest
	@ValueSource(strings = { "sk-...", "sk-ant-...", "...", "<your-key>", "your-api-key", "changeme", "",
			"sk-proj-...", "AIzaSy...", "your-openai-key-here" })
	void placeholderIsRejected(String placeholder) {
		this.contextRunner.withInitializer(TestEnvironments.osEnvironment("OPENAI_API_KEY", placeholder))
			.run((context) -> assertThat(FailureText.of(context)).contains("placeholder")
				.contains("The key of OpenAI (provider 'openai') from OPENAI_API_KEY")
				.contains("https://platform.openai.com/api-keys"));
	}

	@Test
	void keyWithInnerWhitespaceIsRejectedWithoutShowingIt() {
		this.contextRunner.withInitializer(TestEnvironments.osEnvironment("OPENAI_API_KEY", "sk-canary 4471"))
			.run((context) -> assertThat(FailureText.of(context)).contains("contains whitespace inside the key")
				.contains("without extra spaces or newlines")
				.doesNotContain("canary")
				.doesNotContain("4471"));
	}

	@Test
	void keyWithTrailingSpaceIsRejected() {
		this.contextRunner.withPropertyValues("paracle.providers.groq.api-key=gsk_canary4471 ")
			.withInitializer((context) -> context.getEnvironment()
				.getPropertySources()
				.addFirst(new org.springframework.core.env.MapPropertySource("test",
						TestEnvironments.map("paracle.providers.groq.api-key", "gsk_canary4471 "))))
			.run((context) -> assertThat(FailureText.of(context)).contains("leading or trailing whitespace")
				.doesNotContain("gsk_canary4471"));
	}

	@Test
	void keyWithQuotesIsRejected() {
		this.contextRunner.withInitializer(TestEnvironments.osEnvironment("XAI_API_KEY", "\"xai-canary4471\""))
			.run((context) -> assertThat(FailureText.of(context)).contains("contains quote characters")
				.contains("from XAI_API_KEY")
				.doesNotContain("xai-canary4471"));
	}

	@Test
	void everyBadProviderIsReportedAtOnce() {
		this.contextRunner
			.withInitializer(TestEnvironments.osEnvironment("OPENAI_API_KEY", "sk-...", "CLAUDE_API_KEY",
					"sk-ant-canary 9912"))
			.withPropertyValues("paracle.providers.gemini.enabled=true")
			.run((context) -> {
				String text = FailureText.of(context);
				assertThat(text).contains("paracle-keys found 3 problems with API keys")
					.contains("  - openai: The key of OpenAI")
					.contains("  - anthropic: The key of Anthropic (Claude) (provider 'anthropic') from CLAUDE_API_KEY "
							+ "contains whitespace inside the key")
					.contains("  - gemini: GEMINI_API_KEY not found")
					.doesNotContain("canary");
			});
	}

	@Test
	void azureKeyWithoutEndpointNamesTheEndpointVariable() {
		this.contextRunner.withInitializer(TestEnvironments.osEnvironment("AZURE_OPENAI_API_KEY", "azurecanary0001"))
			.run((context) -> assertThat(FailureText.of(context)).contains("AZURE_OPENAI_ENDPOINT not found")
				.contains("Set AZURE_OPENAI_ENDPOINT (or paracle.providers.azure-openai.endpoint)")
				.doesNotContain("azurecanary0001"));
	}

	@Test
	void azureKeyWithEndpointStarts() {
		this.contextRunner
			.withInitializer(TestEnvironments.osEnvironment("AZURE_OPENAI_API_KEY", "azurekey0001",
					"AZURE_OPENAI_ENDPOINT", "https://example.openai.azure.com/"))
			.run((context) -> assertThat(context.getBean(ApiKeyResolver.class).configurations())
				.containsOnlyKeys("azure-openai"));
	}

	@Test
	void unknownTypeNamesTheTypeProperty() {
		this.contextRunner.withPropertyValues("paracle.providers.my-llm.api-key=sk-canary-3318")
			.run((context) -> assertThat(FailureText.of(context))
				.contains("Provider configuration 'my-llm' has no known type")
				.contains("Set paracle.providers.my-llm.type to one of [openai, anthropic, gemini")
				.doesNotContain("sk-canary-3318"));
	}

	@Test
	void awsAccessKeyWithoutSecretIsRejected() {
		this.contextRunner.withInitializer(TestEnvironments.osEnvironment("AWS_ACCESS_KEY_ID", "AKIACANARY0001"))
			.withPropertyValues("paracle.providers.bedrock.enabled=true")
			.run((context) -> assertThat(FailureText.of(context)).contains("AWS_SECRET_ACCESS_KEY not found"));
	}

	@Test
	void keyShapedForAnotherProviderOnlyWarns(CapturedOutput output) {
		this.contextRunner.withInitializer(TestEnvironments.osEnvironment("OPENAI_API_KEY", "sk-ant-canary-8812"))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(output).contains("is shaped like a Anthropic (Claude) key")
					.contains("CLAUDE_API_KEY vs OPENAI_API_KEY")
					.doesNotContain("sk-ant-canary-8812");
			});
	}

	@Test
	void failureAnalyzerIgnoresOtherFailures() {
		assertThat(new ApiKeyConfigurationFailureAnalyzer().analyze(new IllegalStateException("other"))).isNull();
	}

}
