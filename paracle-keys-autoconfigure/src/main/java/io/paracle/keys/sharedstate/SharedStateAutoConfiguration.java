package io.paracle.keys.sharedstate;

import java.time.Clock;

import io.paracle.keys.refresh.KeyRefresher;
import io.paracle.keys.resilience.SharedKeyState;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ResourceLoader;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.listener.ChannelTopic;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;

/**
 * Auto-configuration of the state replicas share ({@code paracle.shared-state.store}). With {@code redis}: the
 * {@link SharedKeyState} in the application's Redis (Boot's {@code spring.data.redis.*} connection, Lettuce), the
 * re-read broadcast, {@code sharedState} in health and the {@code paracle.shared-state.fallbacks} counter; a
 * missing library or connection fails startup with what to add. With {@code none} (the default) nothing changes.
 *
 * @author paracle-keys
 */
@AutoConfiguration(beforeName = "io.paracle.keys.autoconfigure.LlmProviderAutoConfiguration",
		afterName = { "io.paracle.keys.autoconfigure.ParacleKeysAutoConfiguration",
				"org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration" })
@EnableConfigurationProperties(SharedStateProperties.class)
public final class SharedStateAutoConfiguration {

	private static final String STORE = "paracle.shared-state.store";

	@Bean
	@ConditionalOnProperty(name = STORE, havingValue = "redis")
	SharedStateLibraries paracleSharedStateLibraries(ResourceLoader resourceLoader) {
		return new SharedStateLibraries(resourceLoader.getClassLoader());
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnProperty(name = STORE, havingValue = "redis")
	@ConditionalOnClass(name = { "org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory",
			"io.lettuce.core.RedisClient" })
	static class RedisStoreConfiguration {

		@Bean
		SharedStateStatus paracleSharedStateStatus(SharedStateProperties properties) {
			return new SharedStateStatus("redis", properties.getTimeout(), properties.getRetryInterval(),
					Clock.systemUTC());
		}

		@Bean
		@ConditionalOnMissingBean(SharedKeyState.class)
		RedisSharedKeyState paracleSharedKeyState(ObjectProvider<RedisConnectionFactory> connectionFactory,
				SharedStateStatus status, SharedStateProperties properties, ObjectProvider<KeyRefresher> refresher) {
			return new RedisSharedKeyState(lettuce(connectionFactory.getIfAvailable()), status, properties,
					Clock.systemUTC(), refresher::getIfAvailable);
		}

		@Bean
		@ConditionalOnBean(RedisSharedKeyState.class)
		@ConditionalOnMissingBean(name = "paracleSharedStateListenerContainer")
		RedisMessageListenerContainer paracleSharedStateListenerContainer(
				ObjectProvider<RedisConnectionFactory> connectionFactory, ObjectProvider<RedisSharedKeyState> state,
				SharedStateProperties properties) {
			RedisMessageListenerContainer container = new RedisMessageListenerContainer();
			container.setConnectionFactory(lettuce(connectionFactory.getIfAvailable()));
			// started by the subscription below, so that startup does not need Redis
			container.setAutoStartup(false);
			RedisSharedKeyState listener = state.getIfAvailable();
			if (listener != null) {
				container.addMessageListener(listener,
						new ChannelTopic(RedisSharedKeyState.channel(properties.getKeyPrefix())));
			}
			return container;
		}

		@Bean
		@ConditionalOnBean(name = "paracleSharedStateListenerContainer")
		SharedStateSubscription paracleSharedStateSubscription(
				@Qualifier("paracleSharedStateListenerContainer") RedisMessageListenerContainer container,
				SharedStateProperties properties) {
			return new SharedStateSubscription(container, properties.getRetryInterval());
		}

		@Bean
		SharedStateContributor paracleSharedStateContributor(SharedStateStatus status) {
			return new SharedStateContributor(status);
		}

		private static LettuceConnectionFactory lettuce(@Nullable RedisConnectionFactory connectionFactory) {
			if (connectionFactory instanceof LettuceConnectionFactory lettuce) {
				return lettuce;
			}
			if (connectionFactory == null) {
				throw new SharedStateConfigurationException(
						"paracle.shared-state.store is 'redis', but the application has no RedisConnectionFactory.",
						"Let Spring Boot create it (spring-boot-starter-data-redis with spring.data.redis.host/port "
								+ "or url; do not exclude DataRedisAutoConfiguration), declare a "
								+ "LettuceConnectionFactory bean, or set paracle.shared-state.store=none.");
			}
			throw new SharedStateConfigurationException("paracle.shared-state.store is 'redis', but the "
					+ "application's RedisConnectionFactory is a " + connectionFactory.getClass().getSimpleName()
					+ "; paracle shares its state through Lettuce (asynchronous commands, each wait bounded by "
					+ "paracle.shared-state.timeout).",
					"Use Lettuce, Spring Boot's default Redis client (spring.data.redis.client-type=lettuce, and "
							+ "remove Jedis from the dependencies), or set paracle.shared-state.store=none.");
		}

		@Configuration(proxyBeanMethods = false)
		@ConditionalOnClass(name = "io.micrometer.core.instrument.MeterRegistry")
		static class SharedStateMetricsConfiguration {

			@Bean
			SharedStateMeterBinder paracleSharedStateMeterBinder(SharedStateStatus status) {
				return new SharedStateMeterBinder(status);
			}

		}

	}

}
