package io.paracle.keys.resolve;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;

import static io.paracle.keys.testsupport.stores.StoreApplication.GOOGLE_GENAI_CHAT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * Key sources that only a real {@link SpringApplication} has: config imports such as {@code configtree:}, the
 * {@code .env} post-processor, and the failure analyzer's report.
 */
@ExtendWith(OutputCaptureExtension.class)
class SpringApplicationKeySourcesTests {

	@TempDir
	Path temp;

	@Test
	void mountedSecretDirectoryThroughConfigTreeImport() throws IOException {
		Path secrets = Files.createDirectories(this.temp.resolve("secrets"));
		Files.writeString(secrets.resolve("openai_api_key"), "sk-tree-0001\n");
		Files.writeString(secrets.resolve("CLAUDE_API_KEY"), "sk-ant-tree-0001\n");
		try (ConfigurableApplicationContext context = run("--spring.config.import=configtree:" + secrets + "/")) {
			ApiKeyResolver resolver = context.getBean(ApiKeyResolver.class);
			assertThat(resolver.keys("openai").primary().secret()).isEqualTo("sk-tree-0001");
			assertThat(resolver.keys("openai").origin().kind()).isEqualTo(KeySourceKind.CONFIG_TREE);
			assertThat(resolver.keys("openai").origin().name()).isEqualTo("openai_api_key");
			assertThat(resolver.keys("anthropic").primary().secret()).isEqualTo("sk-ant-tree-0001");
		}
	}

	@Test
	void mountedSecretIsReReadOnRefreshAsKubernetesUpdatesVolumesInPlace() throws IOException {
		Path secrets = Files.createDirectories(this.temp.resolve("k8s"));
		Files.writeString(secrets.resolve("OPENAI_API_KEY"), "sk-tree-old-0001\n");
		try (ConfigurableApplicationContext context = run("--spring.config.import=configtree:" + secrets + "/")) {
			ApiKeyResolver resolver = context.getBean(ApiKeyResolver.class);
			Files.writeString(secrets.resolve("OPENAI_API_KEY"), "sk-tree-new-0002\n");
			assertThat(resolver.refresh()).containsExactly("openai");
			assertThat(resolver.keys("openai").primary().secret()).isEqualTo("sk-tree-new-0002");
		}
	}

	@Test
	void dotenvIsReReadOnRefresh() throws IOException {
		Path env = Files.writeString(this.temp.resolve(".env"), "GROQ_API_KEY=gsk_dotenv0001\n");
		try (ConfigurableApplicationContext context = run("--paracle.keys.dotenv.path=" + env)) {
			ApiKeyResolver resolver = context.getBean(ApiKeyResolver.class);
			Files.writeString(env, "GROQ_API_KEY=gsk_dotenv0002\n");
			assertThat(resolver.refresh()).containsExactly("groq");
			assertThat(resolver.keys("groq").primary().secret()).isEqualTo("gsk_dotenv0002");
		}
	}

	@Test
	void dotenvFileThroughThePostProcessor() throws IOException {
		Path env = Files.writeString(this.temp.resolve(".env"), "export GROQ_API_KEY=\"gsk_dotenv0001\"\n");
		try (ConfigurableApplicationContext context = run("--paracle.keys.dotenv.path=" + env)) {
			ProviderKeys keys = context.getBean(ApiKeyResolver.class).keys("groq");
			assertThat(keys.primary().secret()).isEqualTo("gsk_dotenv0001");
			assertThat(keys.origin().kind()).isEqualTo(KeySourceKind.DOTENV);
		}
	}

	@Test
	void startupFailureIsReportedByTheFailureAnalyzer(CapturedOutput output) {
		assertThatException().isThrownBy(() -> run("--paracle.providers.mistral.enabled=true",
				"--paracle.providers.openai.api-key=sk-canary-6621 x"));
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("paracle-keys found 2 problems with API keys")
			.contains("MISTRAL_API_KEY not found")
			.contains("contains whitespace inside the key")
			.contains("Action:")
			.doesNotContain("sk-canary-6621");
	}

	@Test
	void dotenvThatIsNotUtf8IsReportedByTheFailureAnalyzer(CapturedOutput output) throws IOException {
		Path env = Files.write(this.temp.resolve(".env"),
				"GROQ_API_KEY=gsk_canary\u00e90001\n".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
		assertThatException().isThrownBy(() -> run("--paracle.keys.dotenv.path=" + env));
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains(env + " is not UTF-8: line 1")
			.contains("Action:")
			.doesNotContain("canary")
			.doesNotContain("\tat io.paracle");
	}

	private ConfigurableApplicationContext run(String... args) {
		java.util.List<String> all = new java.util.ArrayList<>(java.util.List.of(args));
		all.add("--spring.main.banner-mode=off");
		// Spring AI's OpenAI starter is on the test class path: without a paracle 'openai' configuration (or a
		// key of its own) its models fail startup, as in any application; these tests are not about Spring AI
		all.add("--spring.ai.openai.api-key=sk-not-used-by-these-tests");
		if (all.stream().noneMatch((arg) -> arg.startsWith("--paracle.keys.dotenv.path="))) {
			all.add("--paracle.keys.dotenv.path=" + this.temp.resolve("none.env"));
		}
		return new SpringApplicationBuilder(TestApplication.class).web(WebApplicationType.NONE)
			.initializers(TestEnvironments.osEnvironment())
			.run(all.toArray(String[]::new));
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration(excludeName = GOOGLE_GENAI_CHAT)
	static class TestApplication {

	}

}
