package io.paracle.keys.resolve;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import io.paracle.keys.autoconfigure.ParacleKeysAutoConfiguration;
import io.paracle.keys.catalog.ProviderCatalog;
import io.paracle.keys.catalog.ProviderDescriptor;
import io.paracle.keys.provider.ChatRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

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
	@ValueSource(strings = { "sk-...", "sk-ant-...", "...", "<your-key>", "your-api-key", "changeme",
			"sk-proj-...", "AIzaSy...", "your-openai-key-here", "sk-xxxxxxxxxxxxxxxxxxxxxxxx",
			"sk-proj-INSERT_YOUR_KEY",
			"sk-********", "AKIAIOSFODNN7EXAMPLE" })
	void placeholderIsRejected(String placeholder) {
		this.contextRunner.withInitializer(TestEnvironments.osEnvironment("OPENAI_API_KEY", placeholder))
			.run((context) -> assertThat(FailureText.of(context)).contains("placeholder")
				.contains("The key of OpenAI (provider 'openai') from OPENAI_API_KEY")
				.contains("https://platform.openai.com/api-keys"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "$OPENAI_API_KEY", "${OPENAI_API_KEY}", "${OPENAI_KEY:-none}" })
	void unexpandedVariableReferenceIsRejected(String reference) {
		this.contextRunner.withInitializer(TestEnvironments.osEnvironment("OPENAI_API_KEY", reference))
			.run((context) -> assertThat(FailureText.of(context))
				.contains("is a variable reference that nothing expanded")
				.contains("The key of OpenAI (provider 'openai') from OPENAI_API_KEY")
				.contains("Export the variable it names"));
	}

	@Test
	void unresolvedPropertyPlaceholderIsRejected() {
		this.contextRunner.withPropertyValues("paracle.providers.openai.api-key=${OPENAI_PROD_KEY}")
			.run((context) -> assertThat(FailureText.of(context))
				.contains("from paracle.providers.openai.api-key is a variable reference that nothing expanded"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "   ", "\t" })
	void emptyKeyIsCalledEmptyNotAPlaceholder(String empty) {
		this.contextRunner.withInitializer(TestEnvironments.osEnvironment("OPENAI_API_KEY", empty))
			.run((context) -> assertThat(FailureText.of(context))
				.contains("The key of OpenAI (provider 'openai') from OPENAI_API_KEY is empty")
				.contains("an empty variable counts as set and hides a key in .env")
				.doesNotContain("placeholder"));
	}

	@Test
	void emptyVariableHidesTheDotenvKeyAsInDotenvTools() {
		this.contextRunner.withInitializer(TestEnvironments.osEnvironment("OPENAI_API_KEY", ""))
			.withInitializer(TestEnvironments.dotenv("OPENAI_API_KEY", "sk-dotenv-0001"))
			.run((context) -> assertThat(FailureText.of(context)).contains("from OPENAI_API_KEY is empty")
				.contains("unset OPENAI_API_KEY")
				.doesNotContain("sk-dotenv-0001"));
	}

	@Test
	void emptyEntryInAKeyListIsNamedByPosition() {
		this.contextRunner
			.withInitializer(TestEnvironments.osEnvironment("OPENAI_API_KEY", "sk-canary-a1,,sk-canary-b2"))
			.run((context) -> assertThat(FailureText.of(context))
				.contains("The keys of OpenAI (provider 'openai') from OPENAI_API_KEY have an empty entry at position 2"
						+ " of 3")
				.contains("Remove the extra comma")
				.doesNotContain("e3b0c442")
				.doesNotContain("placeholder")
				.doesNotContain("canary"));
	}

	@ParameterizedTest
	@MethodSource("invisibleAndNonAsciiCharacters")
	void nonAsciiOrInvisibleCharacterIsRefusedNamingItsKindAndPosition(String key, String kind, int position) {
		this.contextRunner.withInitializer(TestEnvironments.osEnvironment("OPENAI_API_KEY", key))
			.run((context) -> assertThat(FailureText.of(context))
				.contains("The key of OpenAI (provider 'openai') from OPENAI_API_KEY contains " + kind + " at position "
						+ position)
				.contains("printable ASCII")
				.doesNotContain("canary"));
	}

	static Stream<Arguments> invisibleAndNonAsciiCharacters() {
		return Stream.of(
				Arguments.of("sk-canary\u00a0x01", "a non-breaking space (U+00A0)", 10),
				Arguments.of("sk-canary\u200bx01", "a zero-width character (U+200B)", 10),
				Arguments.of("\ufeffsk-canaryx01", "a byte-order mark (U+FEFF)", 1),
				Arguments.of("sk-canary\u00e9x01", "a non-ASCII letter (U+00E9)", 10),
				Arguments.of("sk-can\u0007aryx01", "a control character (U+0007)", 7),
				Arguments.of("sk-canary\u2019x01", "a non-ASCII character (U+2019)", 10));
	}

	@Test
	void perCallKeyIsCheckedWithTheSameText() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> ChatRequest.builder().user("hi").apiKey("sk-canary\u00a0x01"))
			.withMessageContaining(
					"The per-call key (ChatRequest.apiKey) contains a non-breaking space (U+00A0) at position 10")
			.withMessageNotContaining("canary");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> ApiKeys.checkPerCallKey("sk-canary x01"))
			.withMessageContaining("contains whitespace inside the key")
			.withMessageNotContaining("canary");
		assertThat(ApiKeys.checkPerCallKey("sk-good-0001")).isEqualTo("sk-good-0001");
	}

	@Test
	void keyOverTheMaximumLengthIsRefused() {
		String longKey = "sk-" + "a".repeat(10 * 1024);
		this.contextRunner.withInitializer(TestEnvironments.osEnvironment("OPENAI_API_KEY", longKey))
			.run((context) -> assertThat(FailureText.of(context))
				.contains("from OPENAI_API_KEY is 10243 characters long; a key is at most 1024")
				.doesNotContain("aaaaaaaa"));
	}

	@Test
	void keyFileOverTheMaximumSizeIsRefusedWithoutReadingIt(@TempDir Path temp)
			throws IOException {
		Path file = Files.write(temp.resolve("openai_api_key"), new byte[5 * 1024 * 1024]);
		this.contextRunner.withInitializer(TestEnvironments.osEnvironment("OPENAI_API_KEY_FILE", file.toString()))
			.run((context) -> assertThat(FailureText.of(context))
				.contains("OPENAI_API_KEY_FILE points to " + file
						+ ", which holds 5242880 bytes; a key is at most 1024"));
	}

	@Test
	void keyFileThatIsNotUtf8SaysSo(@TempDir Path temp) throws IOException {
		Path file = Files.write(temp.resolve("openai_api_key"),
				"sk-canary-caf\u00e9".getBytes(StandardCharsets.ISO_8859_1));
		this.contextRunner.withInitializer(TestEnvironments.osEnvironment("OPENAI_API_KEY_FILE", file.toString()))
			.run((context) -> assertThat(FailureText.of(context))
				.contains("OPENAI_API_KEY_FILE points to " + file + ", which is not UTF-8")
				.doesNotContain("canary"));
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
