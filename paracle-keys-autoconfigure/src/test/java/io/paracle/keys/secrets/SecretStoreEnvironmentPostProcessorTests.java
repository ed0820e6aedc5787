package io.paracle.keys.secrets;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.bootstrap.DefaultBootstrapContext;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.logging.DeferredLogs;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.io.DefaultResourceLoader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * What the post-processor does before any store is reached: which libraries a backend needs, which stores it
 * switches off, and the startup failures it reports.
 */
@ExtendWith(OutputCaptureExtension.class)
class SecretStoreEnvironmentPostProcessorTests {

	private final SecretStoreEnvironmentPostProcessor postProcessor = new SecretStoreEnvironmentPostProcessor(
			new DeferredLogs(), new DefaultBootstrapContext());

	@Test
	void vaultBackendWithoutSpringCloudVaultNamesTheStarter() {
		FailureAnalysis analysis = failure("org.springframework.cloud.vault", "paracle.secrets.backend", "vault");
		assertThat(analysis.getDescription()).isEqualTo("paracle.secrets.backend is 'vault', but "
				+ "org.springframework.cloud:spring-cloud-starter-vault-config is not on the classpath.");
		assertThat(analysis.getAction()).isEqualTo("Add the dependency "
				+ "org.springframework.cloud:spring-cloud-starter-vault-config (versions managed by "
				+ "org.springframework.cloud:spring-cloud-dependencies), or set paracle.secrets.backend to one of "
				+ "env, vault, aws, azure whose library is present.");
	}

	@Test
	void awsBackendWithoutSpringCloudAwsNamesTheStarter() {
		FailureAnalysis analysis = failure("io.awspring.cloud", "paracle.secrets.backend", "aws");
		assertThat(analysis.getDescription()).isEqualTo("paracle.secrets.backend is 'aws', but "
				+ "io.awspring.cloud:spring-cloud-aws-starter-secrets-manager is not on the classpath.");
		assertThat(analysis.getAction()).contains("io.awspring.cloud:spring-cloud-aws-dependencies");
	}

	@Test
	void azureBackendWithoutSpringCloudAzureNamesTheStarter() {
		FailureAnalysis analysis = failure("com.azure.spring", "paracle.secrets.backend", "AZURE");
		assertThat(analysis.getDescription()).isEqualTo("paracle.secrets.backend is 'azure', but "
				+ "com.azure.spring:spring-cloud-azure-starter-keyvault-secrets is not on the classpath.");
		assertThat(analysis.getAction()).contains("com.azure.spring:spring-cloud-azure-dependencies");
	}

	@Test
	void storeBackendWithoutSpringCloudContextNamesItBecauseRotationNeedsIt() {
		FailureAnalysis analysis = failure("org.springframework.cloud.context", "paracle.secrets.backend", "aws");
		assertThat(analysis.getDescription()).startsWith("paracle.secrets.backend is 'aws', but "
				+ "org.springframework.cloud:spring-cloud-context is not on the classpath. Spring Cloud Context's "
				+ "ContextRefresher re-reads the store");
		assertThat(analysis.getAction()).startsWith("Add the dependency org.springframework.cloud:spring-cloud-context");
	}

	@Test
	void bothMissingAreNamedTogether() {
		FailureAnalysis analysis = failure(new FilteredClassLoader("com.azure.spring", "org.springframework.cloud.context"),
				"paracle.secrets.backend", "azure");
		assertThat(analysis.getDescription()).startsWith("paracle.secrets.backend is 'azure', but "
				+ "com.azure.spring:spring-cloud-azure-starter-keyvault-secrets and "
				+ "org.springframework.cloud:spring-cloud-context are not on the classpath.");
		assertThat(analysis.getAction()).startsWith("Add the dependencies ");
	}

	@Test
	void envBackendNeedsNoStoreLibrary() {
		StandardEnvironment environment = environment();
		this.postProcessor.postProcessEnvironment(environment, application(new FilteredClassLoader(
				"org.springframework.cloud", "io.awspring", "com.azure.spring", "software.amazon")));
		assertThat(environment.getPropertySources().contains(SecretStoreEnvironmentPostProcessor.DEFAULTS_SOURCE_NAME))
			.isFalse();
	}

	@Test
	void envBackendSwitchesEveryUnconfiguredStoreOff() {
		StandardEnvironment environment = environment();
		this.postProcessor.postProcessEnvironment(environment, application(null));
		assertThat(defaults(environment)).containsExactly(Map.entry("spring.cloud.vault.enabled", "false"),
				Map.entry("spring.cloud.aws.secretsmanager.enabled", "false"),
				Map.entry("spring.cloud.azure.keyvault.secret.property-source-enabled", "false"));
		assertThat(environment.getPropertySources().stream().map(PropertySource::getName))
			.last()
			.isEqualTo(SecretStoreEnvironmentPostProcessor.DEFAULTS_SOURCE_NAME);
	}

	@Test
	void storesTheApplicationConfiguresItselfStayOn() {
		StandardEnvironment environment = environment("spring.cloud.vault.uri", "https://vault.internal:8200",
				"spring.config.import", "optional:file:.env[.properties],aws-secretsmanager:shared/db",
				"spring.cloud.azure.keyvault.secret.property-sources[0].endpoint", "https://kv.vault.azure.net/");
		this.postProcessor.postProcessEnvironment(environment, application(null));
		assertThat(environment.getPropertySources().contains(SecretStoreEnvironmentPostProcessor.DEFAULTS_SOURCE_NAME))
			.isFalse();
	}

	@Test
	void switchesOffOnlyAbsentLibraries() {
		StandardEnvironment environment = environment();
		this.postProcessor.postProcessEnvironment(environment,
				application(new FilteredClassLoader("org.springframework.cloud.vault", "com.azure.spring")));
		assertThat(defaults(environment)).containsOnlyKeys("spring.cloud.aws.secretsmanager.enabled");
	}

	@Test
	void azureBackendWithoutVaultUrlSaysWhatToSet() {
		assertThatExceptionOfType(SecretStoreConfigurationException.class)
			.isThrownBy(() -> this.postProcessor.postProcessEnvironment(environment("paracle.secrets.backend", "azure"),
					application(null)))
			.satisfies((ex) -> {
				assertThat(ex.getDescription())
					.isEqualTo("paracle.secrets.backend is 'azure', but paracle.secrets.azure.vault-url is not set.");
				assertThat(ex.getAction()).startsWith("Set paracle.secrets.azure.vault-url to the URL of your key "
						+ "vault, e.g. https://paracle-keys.vault.azure.net/");
			});
	}

	@Test
	void startupFailureIsReportedByTheFailureAnalyzer(CapturedOutput output) {
		SpringApplication application = new SpringApplication(Object.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		assertThatException().isThrownBy(() -> application.run("--paracle.secrets.backend=azure",
				"--spring.main.banner-mode=off", "--paracle.keys.dotenv.enabled=false"));
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("paracle.secrets.backend is 'azure', but paracle.secrets.azure.vault-url is not set.")
			.contains("Set paracle.secrets.azure.vault-url");
	}

	@Test
	void keyVaultSettingsKeepTheApplicationsOwnClientSettings() {
		StandardEnvironment environment = environment(
				"spring.cloud.azure.keyvault.secret.property-sources[0].retry.fixed.max-retries", "1",
				"spring.cloud.azure.keyvault.secret.property-sources[0].refreshInterval", "10m");
		PropertySource<?> settings = KeyVaultImport.settings(environment, "test", "https://kv.vault.azure.net/",
				"azure-keyvault:kv.vault.azure.net");
		assertThat(((MapPropertySource) settings).getSource()).containsOnly(
				Map.entry("spring.cloud.azure.keyvault.secret.property-source-enabled", "true"),
				Map.entry("spring.cloud.azure.keyvault.secret.property-sources[0].retry.fixed.max-retries", "1"),
				Map.entry("spring.cloud.azure.keyvault.secret.property-sources[0].refreshInterval", "10m"),
				Map.entry("spring.cloud.azure.keyvault.secret.property-sources[0].endpoint",
						"https://kv.vault.azure.net/"),
				Map.entry("spring.cloud.azure.keyvault.secret.property-sources[0].name",
						"azure-keyvault:kv.vault.azure.net"));
		assertThat(KeyVaultImport.isConfiguredByApplication(environment)).isFalse();
	}

	private FailureAnalysis failure(String hiddenPackage, String... properties) {
		return failure(new FilteredClassLoader(hiddenPackage), properties);
	}

	private FailureAnalysis failure(FilteredClassLoader classLoader, String... properties) {
		SecretStoreConfigurationException failure = org.assertj.core.api.Assertions
			.catchThrowableOfType(SecretStoreConfigurationException.class, () -> this.postProcessor
				.postProcessEnvironment(environment(properties), application(classLoader)));
		assertThat(failure).as("startup failure").isNotNull();
		return new SecretStoreFailureAnalyzer().analyze(failure);
	}

	private static SpringApplication application(ClassLoader classLoader) {
		SpringApplication application = new SpringApplication();
		if (classLoader != null) {
			application.setResourceLoader(new DefaultResourceLoader(classLoader));
		}
		return application;
	}

	private static StandardEnvironment environment(String... pairs) {
		Map<String, Object> properties = new LinkedHashMap<>();
		for (int i = 0; i < pairs.length; i += 2) {
			properties.put(pairs[i], pairs[i + 1]);
		}
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources().addFirst(new MapPropertySource("test", properties));
		return environment;
	}

	private static Map<String, Object> defaults(StandardEnvironment environment) {
		PropertySource<?> defaults = environment.getPropertySources()
			.get(SecretStoreEnvironmentPostProcessor.DEFAULTS_SOURCE_NAME);
		assertThat(defaults).isNotNull();
		return ((MapPropertySource) defaults).getSource();
	}

}
