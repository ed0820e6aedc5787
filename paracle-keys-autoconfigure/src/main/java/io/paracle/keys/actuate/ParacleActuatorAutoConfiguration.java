package io.paracle.keys.actuate;

import java.time.Clock;
import java.time.Instant;
import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;
import io.paracle.keys.config.ParacleProperties;
import io.paracle.keys.logging.KeyRedactor;
import io.paracle.keys.provider.KeyVerification;
import io.paracle.keys.provider.LlmProviders;
import io.paracle.keys.refresh.KeyRefresher;
import io.paracle.keys.resilience.KeyPools;
import io.paracle.keys.resolve.ApiKeyResolver;
import io.paracle.keys.rotation.KeyAgePolicy;
import io.paracle.keys.route.LlmRoute;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

/**
 * Auto-configuration of the actuator integration: the {@code paracle} endpoint and health contributor, audit
 * events, and masking of keys in {@code /actuator/env} and {@code /actuator/configprops}.
 *
 * @author paracle-keys
 */
@AutoConfiguration(afterName = { "io.paracle.keys.autoconfigure.ParacleKeysAutoConfiguration",
		"io.paracle.keys.autoconfigure.LlmProviderAutoConfiguration",
		"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration" })
@ConditionalOnClass(name = "org.springframework.boot.actuate.endpoint.annotation.Endpoint")
@Import({ ParacleActuatorAutoConfiguration.HealthConfiguration.class,
		ParacleActuatorAutoConfiguration.AuditConfiguration.class,
		ParacleActuatorAutoConfiguration.CallMetricsConfiguration.class })
public final class ParacleActuatorAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	ProviderReports paracleProviderReports(ApiKeyResolver resolver, ObjectProvider<KeyAgePolicy> keyAgePolicy,
			ObjectProvider<ProviderStateContributor> contributors, ObjectProvider<LlmProviders> providers) {
		return new ProviderReports(resolver, keyAgePolicy.getIfAvailable(), contributors.orderedStream().toList(),
				() -> routes(providers.getIfAvailable()));
	}

	private static List<LlmRoute> routes(@Nullable LlmProviders providers) {
		if (providers == null) {
			return List.of();
		}
		return providers.all().stream().filter(LlmRoute.class::isInstance).map(LlmRoute.class::cast).toList();
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnAvailableEndpoint
	ParacleEndpoint paracleEndpoint(ProviderReports reports, KeyRefresher refresher,
			ObjectProvider<KeyPools> keyPools) {
		return new ParacleEndpoint(reports, refresher, keyPools.getIfAvailable());
	}

	@Bean
	@ConditionalOnBean(KeyPools.class)
	@ConditionalOnMissingBean
	KeyPoolStateContributor keyPoolStateContributor(KeyPools pools) {
		return new KeyPoolStateContributor(pools);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "io.micrometer.core.instrument.MeterRegistry")
	static class CallMetricsConfiguration {

		@Bean
		@ConditionalOnBean(type = "io.micrometer.core.instrument.MeterRegistry")
		@ConditionalOnMissingBean
		CallMetricsStateContributor callMetricsStateContributor(ObjectProvider<MeterRegistry> registry) {
			return new CallMetricsStateContributor(registry.getObject());
		}

	}

	@Bean
	@ConditionalOnBean(LlmProviders.class)
	@ConditionalOnBooleanProperty("paracle.health.verify-keys")
	@ConditionalOnMissingBean
	KeyVerifier keyVerifier(LlmProviders providers, ParacleProperties properties, ObjectProvider<Clock> clock) {
		return new KeyVerifier((name) -> verify(providers, name), properties.getHealth().getVerifyInterval(),
				clock.getIfAvailable(Clock::systemUTC));
	}

	private static KeyVerifier.Result verify(LlmProviders providers, String name) {
		KeyVerification verification = providers.get(name).verifyKey();
		String outcome = switch (verification.status()) {
			case VALID -> "valid";
			case INVALID -> "invalid";
			default -> "unreachable";
		};
		return new KeyVerifier.Result(outcome, (verification.httpStatus() > 0) ? verification.httpStatus() : null,
				Instant.EPOCH);
	}

	@Bean
	@ConditionalOnMissingBean
	KeySanitizingFunction keySanitizingFunction(KeyRedactor redactor) {
		return new KeySanitizingFunction(redactor);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthContributor")
	@ConditionalOnEnabledHealthIndicator("paracle")
	static class HealthConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "paracleHealthContributor")
		CompositeHealthContributor paracleHealthContributor(ProviderReports reports,
				ObjectProvider<KeyVerifier> verifier) {
			return ParacleHealthContributor.of(reports, verifier.getIfAvailable());
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "org.springframework.boot.actuate.audit.listener.AuditApplicationEvent")
	static class AuditConfiguration {

		@Bean
		@ConditionalOnMissingBean
		KeyAuditListener keyAuditListener(ApiKeyResolver resolver, ApplicationEventPublisher publisher) {
			return new KeyAuditListener(resolver, publisher);
		}

	}

}
