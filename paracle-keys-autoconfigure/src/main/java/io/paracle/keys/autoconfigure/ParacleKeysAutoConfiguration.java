package io.paracle.keys.autoconfigure;

import io.paracle.keys.config.ParacleProperties;
import io.paracle.keys.resolve.ApiKeyResolver;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Auto-configuration of key resolution: binds {@code paracle.*}, resolves and checks the keys of every
 * provider configuration at startup.
 *
 * @author paracle-keys
 */
@AutoConfiguration
@EnableConfigurationProperties(ParacleProperties.class)
public final class ParacleKeysAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	ApiKeyResolver apiKeyResolver(ConfigurableEnvironment environment, ApplicationEventPublisher eventPublisher) {
		return new ApiKeyResolver(environment, eventPublisher);
	}

}
