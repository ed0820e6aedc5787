package io.paracle.keys.autoconfigure;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import io.paracle.keys.config.ParacleProperties;
import io.paracle.keys.logging.KeyRedactor;
import io.paracle.keys.refresh.KeyRefreshSchedule;
import io.paracle.keys.refresh.KeyRefresher;
import io.paracle.keys.refresh.KeySourceReload;
import io.paracle.keys.refresh.KeySourcesRefresher;
import io.paracle.keys.resolve.ApiKey;
import io.paracle.keys.resolve.ApiKeyResolver;
import io.paracle.keys.resolve.ApiKeysRotatedEvent;
import io.paracle.keys.resolve.ProviderKeys;
import io.paracle.keys.resolve.ProviderResolution;
import io.paracle.keys.rotation.KeyAgePolicy;
import io.paracle.keys.rotation.KeyAgeWarnings;
import io.paracle.keys.rotation.KeyTimestampSource;
import io.paracle.keys.rotation.PropertyKeyTimestampSource;
import io.paracle.keys.secrets.SecretStoreProperties;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Auto-configuration of key resolution: binds {@code paracle.*}, resolves and checks the keys of every
 * provider configuration at startup, and applies the key age policy.
 *
 * @author paracle-keys
 */
@AutoConfiguration
@EnableConfigurationProperties({ ParacleProperties.class, SecretStoreProperties.class })
public final class ParacleKeysAutoConfiguration {

	private static final Duration KEY_AGE_CHECK_PERIOD = Duration.ofHours(1);

	@Bean
	@ConditionalOnMissingBean
	ApiKeyResolver apiKeyResolver(ConfigurableEnvironment environment, ParacleProperties properties,
			ObjectProvider<ProviderResolution> resolution, ApplicationEventPublisher eventPublisher) {
		// the registrar's resolution when it ran, so that every key source is read once at startup
		ProviderResolution startup = resolution.getIfAvailable(() -> ProviderResolution.resolve(environment,
				properties.getProviders(), properties.getKeys().getAllowedSources()));
		return new ApiKeyResolver(environment, startup, eventPublisher);
	}

	@Bean
	@ConditionalOnMissingBean
	KeyRedactor keyRedactor(ApiKeyResolver resolver) {
		KeyRedactor redactor = new KeyRedactor();
		redactor.addAll(secrets(resolver));
		return redactor;
	}

	@Bean
	ApplicationListener<ApiKeysRotatedEvent> keyRedactorRotationListener(KeyRedactor redactor,
			ApiKeyResolver resolver) {
		return (event) -> redactor.addAll(secrets(resolver));
	}

	@Bean
	@ConditionalOnMissingBean
	KeyRefresher keyRefresher(ApiKeyResolver resolver, ObjectProvider<KeySourceReload> reloads,
			SecretStoreProperties secrets, ObjectProvider<Clock> clock) {
		return new KeySourcesRefresher(resolver, reloads.orderedStream().toList(), secrets.getMinRefreshInterval(),
				clock.getIfAvailable(Clock::systemUTC));
	}

	@Bean
	@ConditionalOnMissingBean
	KeyRefreshSchedule keyRefreshSchedule(KeyRefresher keyRefresher, SecretStoreProperties secrets) {
		return new KeyRefreshSchedule(keyRefresher, secrets.getRefreshInterval());
	}

	@Bean
	@ConditionalOnMissingBean
	PropertyKeyTimestampSource propertyKeyTimestampSource() {
		return new PropertyKeyTimestampSource();
	}

	@Bean
	@ConditionalOnMissingBean
	KeyAgePolicy keyAgePolicy(ApiKeyResolver resolver, ObjectProvider<KeyTimestampSource> sources,
			ParacleProperties properties, ObjectProvider<Clock> clock) {
		return new KeyAgePolicy(resolver, sources.orderedStream().toList(),
				properties.getKeys().getRotation().getMaxAge(), clock.getIfAvailable(Clock::systemUTC));
	}

	@Bean
	@ConditionalOnMissingBean
	KeyAgeWarnings keyAgeWarnings(KeyAgePolicy policy) {
		return new KeyAgeWarnings(policy, KEY_AGE_CHECK_PERIOD);
	}

	private static List<String> secrets(ApiKeyResolver resolver) {
		return resolver.allKeys()
			.values()
			.stream()
			.map(ProviderKeys::keys)
			.flatMap(List::stream)
			.map(ApiKey::secret)
			.toList();
	}

}
