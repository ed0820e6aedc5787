package io.paracle.keys.metrics;

import io.paracle.keys.resilience.KeyPools;
import io.paracle.keys.resolve.ApiKeyResolver;
import io.paracle.keys.rotation.KeyAgePolicy;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of key meters: the {@code paracle.key.age} and {@code paracle.budget.remaining} gauges,
 * bound by Boot to every {@code MeterRegistry}.
 *
 * @author paracle-keys
 */
@AutoConfiguration(afterName = "io.paracle.keys.autoconfigure.ParacleKeysAutoConfiguration")
@ConditionalOnClass(name = "io.micrometer.core.instrument.MeterRegistry")
public final class ParacleKeyMetricsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	KeyAgeMeterBinder keyAgeMeterBinder(KeyAgePolicy policy) {
		return new KeyAgeMeterBinder(policy);
	}

	@Bean
	@ConditionalOnMissingBean
	TokenBudgetMeterBinder tokenBudgetMeterBinder(ObjectProvider<ApiKeyResolver> resolver,
			ObjectProvider<KeyPools> keyPools) {
		return new TokenBudgetMeterBinder(resolver, keyPools);
	}

}
