package io.paracle.keys.sharedstate;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.paracle.keys.autoconfigure.LlmProviderAutoConfiguration;
import io.paracle.keys.autoconfigure.ParacleKeysAutoConfiguration;
import io.paracle.keys.resilience.KeyPools;
import io.paracle.keys.resilience.SharedKeyState;
import io.paracle.keys.resolve.ApiKey;
import io.paracle.keys.testsupport.FailureAnalyses;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.data.redis.listener.RedisMessageListenerContainer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which beans {@code paracle.shared-state.store} brings, and the startup errors of a store that cannot work. No
 * test here needs a Redis server: nothing connects before the first call.
 */
class SharedStateAutoConfigurationTests {

	private static final String REDIS_LIBRARIES_HIDDEN = "org.springframework.data.redis";

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ParacleKeysAutoConfiguration.class, DataRedisAutoConfiguration.class,
				SharedStateAutoConfiguration.class, LlmProviderAutoConfiguration.class))
		.withPropertyValues("paracle.providers.openai.api-key=sk-shared-state-config-0001",
				"spring.data.redis.port=1");

	@Test
	void byDefaultNothingIsSharedAndNoRedisBeanExists() {
		this.runner.run((context) -> {
			assertThat(context).hasNotFailed()
				.doesNotHaveBean(SharedKeyState.class)
				.doesNotHaveBean(SharedStateStatus.class)
				.doesNotHaveBean(RedisMessageListenerContainer.class);
			assertThat(context.getBean(KeyPools.class).sharedState()).isSameAs(SharedKeyState.LOCAL);
		});
	}

	@Test
	void anApplicationWithoutRedisOnTheClassPathIsUnchanged() {
		this.runner.withClassLoader(new FilteredClassLoader(REDIS_LIBRARIES_HIDDEN, "io.lettuce", "io.github.bucket4j.redis"))
			.run((context) -> {
				assertThat(context).hasNotFailed().doesNotHaveBean(SharedKeyState.class);
				assertThat(context.getBean(KeyPools.class).sharedState()).isSameAs(SharedKeyState.LOCAL);
			});
	}

	@Test
	void storeRedisSharesThroughTheApplicationsConnectionWithoutConnectingAtStartup() {
		this.runner.withPropertyValues("paracle.shared-state.store=redis").run((context) -> {
			assertThat(context).hasNotFailed()
				.hasSingleBean(RedisSharedKeyState.class)
				.hasSingleBean(SharedStateContributor.class)
				.hasBean("paracleSharedStateListenerContainer");
			assertThat(context.getBean(KeyPools.class).sharedState()).isSameAs(context.getBean(SharedKeyState.class));
		});
	}

	@Test
	void anApplicationsOwnSharedKeyStateReplacesTheRedisOne() {
		SharedKeyState own = new SharedKeyState() {

			@Override
			public SharedKeys read(String provider, List<ApiKey> keys) {
				return new SharedKeys(new long[keys.size()], new boolean[keys.size()]);
			}

			@Override
			public @Nullable Duration acquire(String provider, long requestsPerMinute, Duration maxWait) {
				return Duration.ZERO;
			}

			@Override
			public void cooled(String provider, ApiKey key, Instant until) {
			}

		};
		this.runner.withPropertyValues("paracle.shared-state.store=redis")
			.withBean(SharedKeyState.class, () -> own)
			.run((context) -> {
				assertThat(context).hasNotFailed().doesNotHaveBean(RedisSharedKeyState.class);
				assertThat(context.getBean(KeyPools.class).sharedState()).isSameAs(own);
			});
	}

	@Test
	void storeRedisNeedsNoBucket4jRedisModule() {
		// the shared request limit is a script of RedisSharedKeyState's, not Bucket4j's Redis integration
		this.runner.withPropertyValues("paracle.shared-state.store=redis")
			.withClassLoader(new FilteredClassLoader("io.github.bucket4j.redis"))
			.run((context) -> assertThat(context).hasNotFailed().hasSingleBean(RedisSharedKeyState.class));
	}

	@Test
	void storeRedisWithoutSpringDataRedisFailsStartupNamingEveryMissingArtifact() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(ParacleKeysAutoConfiguration.class,
					SharedStateAutoConfiguration.class, LlmProviderAutoConfiguration.class))
			.withPropertyValues("paracle.providers.openai.api-key=sk-shared-state-config-0001",
					"paracle.shared-state.store=redis")
			.withClassLoader(new FilteredClassLoader(REDIS_LIBRARIES_HIDDEN, "org.springframework.boot.data.redis",
					"io.lettuce"))
			.run((context) -> {
				assertThat(context).hasFailed();
				FailureAnalysis analysis = FailureAnalyses.of(context.getStartupFailure(), getClass().getClassLoader());
				assertThat(analysis.getDescription()).isEqualTo("paracle.shared-state.store is 'redis', but "
						+ "org.springframework.boot:spring-boot-starter-data-redis and io.lettuce:lettuce-core are "
						+ "not on the class path.");
			});
	}

	@Test
	void storeRedisWithoutAConnectionFactoryFailsStartupSayingHowToGetOne() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(ParacleKeysAutoConfiguration.class,
					SharedStateAutoConfiguration.class, LlmProviderAutoConfiguration.class))
			.withPropertyValues("paracle.providers.openai.api-key=sk-shared-state-config-0001",
					"paracle.shared-state.store=redis")
			.run((context) -> {
				assertThat(context).hasFailed();
				FailureAnalysis analysis = FailureAnalyses.of(context.getStartupFailure(), getClass().getClassLoader());
				assertThat(analysis.getDescription())
					.isEqualTo("paracle.shared-state.store is 'redis', but the application has no RedisConnectionFactory.");
				assertThat(analysis.getAction()).contains("spring.data.redis.host");
			});
	}

}
