package io.paracle.keys.secrets;

import java.time.Duration;
import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.paracle.keys.autoconfigure.ParacleKeysAutoConfiguration;
import io.paracle.keys.refresh.KeyRefreshSchedule;
import io.paracle.keys.refresh.KeyRefresher;
import io.paracle.keys.refresh.KeySourcesRefresher;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.cloud.context.refresh.ContextRefresher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

/**
 * Which beans each backend gets.
 */
class ParacleSecretsAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ParacleKeysAutoConfiguration.class,
				ParacleSecretsAutoConfiguration.class))
		.withBean(ContextRefresher.class, () -> mock(ContextRefresher.class))
		.withPropertyValues("paracle.providers.openai.api-key=sk-config-0001");

	@Test
	void envBackendReReadsLocalSourcesOnTheSchedule() {
		this.contextRunner.run((context) -> {
			assertThat(context.getBean(KeyRefresher.class)).isExactlyInstanceOf(KeySourcesRefresher.class);
			assertThat(context.getBean(KeySourcesRefresher.class).getReloads()).isEmpty();
			assertThat(context.getBean(KeyRefreshSchedule.class).getInterval()).isEqualTo(Duration.ofMinutes(5));
			assertThat(context.getBean(KeyRefreshSchedule.class).isRunning()).isTrue();
			assertThat(context).doesNotHaveBean(SecretStoreStatus.class)
				.doesNotHaveBean(SecretStoreStateContributor.class);
		});
	}

	@Test
	void storeBackendReReadsTheStoreAndReportsIt() {
		this.contextRunner.withPropertyValues("paracle.secrets.backend=vault", "paracle.secrets.refresh-interval=2m")
			.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
			.run((context) -> {
				assertThat(context.getBean(KeyRefresher.class)).isExactlyInstanceOf(KeySourcesRefresher.class);
				assertThat(context.getBean(KeySourcesRefresher.class).getReloads()).singleElement()
					.isInstanceOf(SecretStoreReload.class);
				assertThat(context.getBean(KeyRefreshSchedule.class).getInterval())
					.isEqualTo(Duration.ofMinutes(2));
				assertThat(context.getBean(SecretStoreStatus.class).getStore()).isEqualTo("vault:secret/paracle");
				assertThat(context).hasSingleBean(SecretStoreStateContributor.class)
					.hasSingleBean(SecretStoreMeterBinder.class);
			});
	}

	@Test
	void storeDescriptionFollowsTheProperties() {
		this.contextRunner
			.withPropertyValues("paracle.secrets.backend=azure",
					"paracle.secrets.azure.vault-url=https://paracle-keys.vault.azure.net/")
			.run((context) -> assertThat(context.getBean(SecretStoreStatus.class).getStore())
				.isEqualTo("azure-keyvault:paracle-keys.vault.azure.net"));
	}

	@Test
	void applicationsOwnRefresherWins() {
		KeyRefresher own = new KeyRefresher() {

			@Override
			public List<String> refresh() {
				return List.of();
			}

			@Override
			public boolean refreshAfterRejection(String provider) {
				return false;
			}

		};
		this.contextRunner.withPropertyValues("paracle.secrets.backend=aws")
			.withBean("myRefresher", KeyRefresher.class, () -> own)
			.run((context) -> assertThat(context.getBean(KeyRefresher.class)).isSameAs(own));
	}

	@Test
	void worksWithoutAnyStoreLibrary() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(ParacleKeysAutoConfiguration.class,
					ParacleSecretsAutoConfiguration.class))
			.withClassLoader(new FilteredClassLoader("org.springframework.cloud", "org.springframework.vault",
					"io.awspring", "software.amazon.awssdk.services.secretsmanager", "com.azure"))
			.run((context) -> assertThat(context).hasNotFailed().hasSingleBean(KeyRefreshSchedule.class));
	}

	@Test
	void withoutSpringCloudContextTheDefaultRefresherStays() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(ParacleKeysAutoConfiguration.class,
					ParacleSecretsAutoConfiguration.class))
			.withClassLoader(new FilteredClassLoader(ContextRefresher.class))
			.withPropertyValues("paracle.secrets.backend=aws")
			.run((context) -> {
				assertThat(context.getBean(KeyRefresher.class)).isExactlyInstanceOf(KeySourcesRefresher.class);
				assertThat(context.getBean(KeySourcesRefresher.class).getReloads()).isEmpty();
			});
	}

}
