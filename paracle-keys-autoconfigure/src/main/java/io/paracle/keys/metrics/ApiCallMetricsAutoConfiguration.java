package io.paracle.keys.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import org.aspectj.lang.annotation.Aspect;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Auto-configuration of the meters of provider calls ({@code api.calls}, {@code api.call.duration},
 * {@code gen_ai.client.token.usage}, {@code gen_ai.client.operation.duration}) and of route fallbacks
 * ({@code paracle.route.fallbacks}) when Micrometer and a {@link MeterRegistry} are present, and of the
 * {@code @TrackApiCall} aspect when AspectJ is present as well.
 *
 * @author paracle-keys
 */
@AutoConfiguration(beforeName = "io.paracle.keys.autoconfigure.LlmProviderAutoConfiguration",
		afterName = { "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
				"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration" })
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean(MeterRegistry.class)
public final class ApiCallMetricsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(ApiCallRecorder.class)
	MicrometerApiCallRecorder apiCallRecorder(MeterRegistry meterRegistry, Environment environment) {
		return new MicrometerApiCallRecorder(meterRegistry, conventions(environment));
	}

	@Bean
	@ConditionalOnMissingBean(ApiCallObservationConvention.class)
	DefaultApiCallObservationConvention apiCallObservationConvention(Environment environment) {
		return new DefaultApiCallObservationConvention(conventions(environment));
	}

	/**
	 * {@value GenAiConventions#PROPERTY}, bound here: the property class belongs to {@code config}, above this
	 * package.
	 */
	static GenAiConventions conventions(Environment environment) {
		return Binder.get(environment).bind(GenAiConventions.PROPERTY, GenAiConventions.class)
			.orElse(GenAiConventions.LATEST);
	}

	@Bean
	@ConditionalOnMissingBean
	KeyPoolMeters keyPoolMeters(MeterRegistry meterRegistry) {
		return new KeyPoolMeters(meterRegistry);
	}

	@Bean
	@ConditionalOnMissingBean
	RouteFallbackMeters routeFallbackMeters(MeterRegistry meterRegistry) {
		return new RouteFallbackMeters(meterRegistry);
	}

	@Bean
	@ConditionalOnMissingBean
	ApiCallMeterObservationHandler apiCallMeterObservationHandler() {
		return new ApiCallMeterObservationHandler();
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(Aspect.class)
	static class TrackApiCallAspectConfiguration {

		@Bean
		@ConditionalOnMissingBean
		TrackApiCallAspect trackApiCallAspect(ApiCallTracker apiCallTracker) {
			return new TrackApiCallAspect(apiCallTracker);
		}

	}

}
