package io.paracle.keys.autoconfigure;

import java.time.Clock;

import io.paracle.keys.config.ParacleProperties;
import io.paracle.keys.resolve.ApiKeyResolver;
import io.paracle.keys.rotation.KeyRefresher;
import io.paracle.keys.secrets.SecretStoreKeyRefresher;
import io.paracle.keys.secrets.SecretStoreMeterBinder;
import io.paracle.keys.secrets.SecretStoreStateContributor;
import io.paracle.keys.secrets.SecretStoreStatus;
import io.paracle.keys.secrets.SecretsRefreshScheduler;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.cloud.context.refresh.ContextRefresher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * Auto-configuration of re-reading keys without a restart: the schedule ({@code paracle.secrets.refresh-interval})
 * for every backend and, when the backend is a secret store, the {@link KeyRefresher} that re-reads the store
 * through Spring Cloud's {@code ContextRefresher}, the store status in health and its meters. Runs before
 * {@link ParacleKeysAutoConfiguration} so that its store-aware {@link KeyRefresher} replaces the default one.
 * The store itself is imported earlier, by {@code SecretStoreEnvironmentPostProcessor}.
 *
 * @author paracle-keys
 */
@AutoConfiguration(before = ParacleKeysAutoConfiguration.class)
@EnableConfigurationProperties(ParacleProperties.class)
@Import({ ParacleSecretsAutoConfiguration.SecretStoreConfiguration.class,
		ParacleSecretsAutoConfiguration.ContextRefresherConfiguration.class,
		ParacleSecretsAutoConfiguration.MetricsConfiguration.class })
public final class ParacleSecretsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	SecretsRefreshScheduler secretsRefreshScheduler(KeyRefresher keyRefresher, ParacleProperties properties) {
		return new SecretsRefreshScheduler(keyRefresher, properties.getSecrets().getRefreshInterval());
	}

	@Configuration(proxyBeanMethods = false)
	@Conditional(OnSecretStoreBackendCondition.class)
	static class SecretStoreConfiguration {

		@Bean
		@ConditionalOnMissingBean
		SecretStoreStatus secretStoreStatus(ParacleProperties properties, ObjectProvider<Clock> clock) {
			return SecretStoreStatus.of(properties.getSecrets(), clock.getIfAvailable(Clock::systemUTC));
		}

		@Bean
		@ConditionalOnMissingBean
		SecretStoreStateContributor secretStoreStateContributor(ApiKeyResolver resolver, SecretStoreStatus status) {
			return new SecretStoreStateContributor(resolver, status);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@Conditional(OnSecretStoreBackendCondition.class)
	@ConditionalOnClass(ContextRefresher.class)
	static class ContextRefresherConfiguration {

		@Bean
		@ConditionalOnMissingBean(KeyRefresher.class)
		SecretStoreKeyRefresher secretStoreKeyRefresher(ApiKeyResolver resolver, ParacleProperties properties,
				ObjectProvider<Clock> clock, ObjectProvider<ContextRefresher> contextRefresher,
				SecretStoreStatus status) {
			return new SecretStoreKeyRefresher(resolver, properties.getSecrets().getMinRefreshInterval(),
					clock.getIfAvailable(Clock::systemUTC), contextRefresher.getIfAvailable(), status);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@Conditional(OnSecretStoreBackendCondition.class)
	@ConditionalOnClass(name = "io.micrometer.core.instrument.MeterRegistry")
	static class MetricsConfiguration {

		@Bean
		@ConditionalOnMissingBean
		SecretStoreMeterBinder secretStoreMeterBinder(SecretStoreStatus status) {
			return new SecretStoreMeterBinder(status);
		}

	}

	/**
	 * {@code paracle.secrets.backend} names a secret store (vault, aws or azure), not the environment.
	 */
	static final class OnSecretStoreBackendCondition extends AnyNestedCondition {

		OnSecretStoreBackendCondition() {
			super(ConfigurationPhase.REGISTER_BEAN);
		}

		@ConditionalOnProperty(name = "paracle.secrets.backend", havingValue = "vault")
		static class Vault {

		}

		@ConditionalOnProperty(name = "paracle.secrets.backend", havingValue = "aws")
		static class Aws {

		}

		@ConditionalOnProperty(name = "paracle.secrets.backend", havingValue = "azure")
		static class Azure {

		}

	}

}
