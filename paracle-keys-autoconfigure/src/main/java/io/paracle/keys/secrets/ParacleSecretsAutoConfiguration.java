package io.paracle.keys.secrets;

import java.time.Clock;
import java.util.Locale;
import java.util.Set;

import com.azure.security.keyvault.secrets.SecretClient;
import io.paracle.keys.refresh.KeyRefresher;
import io.paracle.keys.refresh.KeySourceReload;
import io.paracle.keys.resolve.ApiKeyResolver;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionMessage;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.cloud.context.refresh.ContextRefresher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.vault.core.VaultOperations;

/**
 * Auto-configuration of a secret store as the backend of the keys: the {@link KeySourceReload} that re-reads the
 * store through Spring Cloud's {@code ContextRefresher} (composed into the one {@link KeyRefresher} of
 * {@code ParacleKeysAutoConfiguration}), the store status in health, its meters and key age. The store itself
 * is imported earlier, by {@code SecretStoreEnvironmentPostProcessor}.
 *
 * @author paracle-keys
 */
@AutoConfiguration(beforeName = "io.paracle.keys.autoconfigure.ParacleKeysAutoConfiguration")
@EnableConfigurationProperties(SecretStoreProperties.class)
public final class ParacleSecretsAutoConfiguration {

	/** Store metadata dates a key before {@code paracle.providers.<name>.key-created} does. */
	private static final int KEY_AGE_ORDER = 0;

	/**
	 * A secret store's part: its status, the store-aware re-read, meters and key age. Skipped when
	 * {@code paracle.secrets.backend} is {@code env}, before Spring reads its member configurations.
	 */
	@Configuration(proxyBeanMethods = false)
	@Conditional(OnSecretStoreBackendCondition.class)
	static class SecretStoreConfiguration {

		@Bean
		@ConditionalOnMissingBean
		SecretStoreStatus secretStoreStatus(SecretStoreProperties secrets, ObjectProvider<Clock> clock) {
			return SecretStoreStatus.of(secrets, clock.getIfAvailable(Clock::systemUTC));
		}

		@Bean
		@ConditionalOnMissingBean
		SecretStoreStateContributor secretStoreStateContributor(ApiKeyResolver resolver, SecretStoreStatus status) {
			return new SecretStoreStateContributor(resolver, status);
		}

		@Configuration(proxyBeanMethods = false)
		@ConditionalOnClass(ContextRefresher.class)
		static class ContextRefresherConfiguration {

			@Bean
			@ConditionalOnMissingBean
			SecretStoreReload secretStoreReload(ObjectProvider<ContextRefresher> contextRefresher,
					SecretStoreStatus status) {
				return new SecretStoreReload(contextRefresher.getIfAvailable(), status);
			}

		}

		@Configuration(proxyBeanMethods = false)
		@ConditionalOnClass(name = "io.micrometer.core.instrument.MeterRegistry")
		static class MetricsConfiguration {

			@Bean
			@ConditionalOnMissingBean
			SecretStoreMeterBinder secretStoreMeterBinder(SecretStoreStatus status) {
				return new SecretStoreMeterBinder(status);
			}

		}

		/**
		 * Key age from Vault KV v2 metadata, through the {@code VaultOperations} bean Spring Cloud Vault registers.
		 */
		@Configuration(proxyBeanMethods = false)
		@ConditionalOnProperty(name = "paracle.secrets.backend", havingValue = "vault")
		@ConditionalOnClass(name = "org.springframework.vault.core.VaultOperations")
		static class VaultKeyAgeConfiguration {

			@Bean
			@Order(KEY_AGE_ORDER)
			@ConditionalOnMissingBean(name = "secretStoreKeyTimestampSource")
			SecretStoreKeyTimestampSource secretStoreKeyTimestampSource(SecretStoreProperties secrets,
					ObjectProvider<VaultOperations> vault, ObjectProvider<Clock> clock) {
				return SecretStoreKeyTimestampSource.of(secrets,
						(name) -> {
							VaultOperations operations = vault.getIfAvailable();
							return (operations != null) ? StoreMetadata.vault(operations, secrets).lastChanged(name)
									: null;
						}, clock.getIfAvailable(Clock::systemUTC));
			}

		}

		/**
		 * Key age from AWS Secrets Manager's {@code DescribeSecret}, through the {@code SecretsManagerClient} bean.
		 */
		@Configuration(proxyBeanMethods = false)
		@ConditionalOnProperty(name = "paracle.secrets.backend", havingValue = "aws")
		@ConditionalOnClass(name = "software.amazon.awssdk.services.secretsmanager.SecretsManagerClient")
		static class AwsKeyAgeConfiguration {

			@Bean
			@Order(KEY_AGE_ORDER)
			@ConditionalOnMissingBean(name = "secretStoreKeyTimestampSource")
			SecretStoreKeyTimestampSource secretStoreKeyTimestampSource(SecretStoreProperties secrets,
					ObjectProvider<SecretsManagerClient> client, ObjectProvider<Clock> clock) {
				return SecretStoreKeyTimestampSource.of(secrets,
						(name) -> {
							SecretsManagerClient secretsManager = client.getIfAvailable();
							return (secretsManager != null)
									? StoreMetadata.aws(secretsManager, secrets).lastChanged(name) : null;
						}, clock.getIfAvailable(Clock::systemUTC));
			}

		}

		/**
		 * Key age from Azure Key Vault secret attributes, through a {@code SecretClient} bean for the same vault
		 * (Spring Cloud Azure creates one when {@code spring.cloud.azure.keyvault.secret.endpoint} is set).
		 */
		@Configuration(proxyBeanMethods = false)
		@ConditionalOnProperty(name = "paracle.secrets.backend", havingValue = "azure")
		@ConditionalOnClass(name = "com.azure.security.keyvault.secrets.SecretClient")
		static class AzureKeyAgeConfiguration {

			@Bean
			@Order(KEY_AGE_ORDER)
			@ConditionalOnMissingBean(name = "secretStoreKeyTimestampSource")
			SecretStoreKeyTimestampSource secretStoreKeyTimestampSource(SecretStoreProperties secrets,
					ObjectProvider<SecretClient> client, ObjectProvider<Clock> clock) {
				return SecretStoreKeyTimestampSource.of(secrets,
						(name) -> {
							SecretClient secretClient = client.getIfUnique();
							return (secretClient != null && StoreMetadata.isForVault(secretClient, secrets))
									? StoreMetadata.azure(secretClient).lastChanged(name) : null;
						}, clock.getIfAvailable(Clock::systemUTC));
			}

		}

	}

	/**
	 * {@code paracle.secrets.backend} names a secret store (vault, aws or azure), not the environment. A plain
	 * property check, evaluated when the configuration is parsed.
	 */
	static final class OnSecretStoreBackendCondition extends SpringBootCondition {

		private static final Set<String> STORES = Set.of("vault", "aws", "azure");

		@Override
		public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
			String backend = context.getEnvironment().getProperty("paracle.secrets.backend", "env");
			ConditionMessage.Builder message = ConditionMessage.forCondition("paracle.secrets.backend");
			if (STORES.contains(backend.strip().toLowerCase(Locale.ROOT))) {
				return ConditionOutcome.match(message.because("is the secret store '" + backend + "'"));
			}
			return ConditionOutcome.noMatch(message.because("is '" + backend + "', not a secret store"));
		}

	}

}
