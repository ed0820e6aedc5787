package io.paracle.keys.sharedstate;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.util.ClassUtils;

/**
 * Fails startup when {@code paracle.shared-state.store=redis} is set but a library it needs is missing, naming
 * each missing artifact.
 *
 * @author paracle-keys
 */
final class SharedStateLibraries implements InitializingBean {

	/** A class of each library the Redis store needs, and the artifact that brings it. */
	private static final String[][] LIBRARIES = {
			{ "org.springframework.data.redis.connection.RedisConnectionFactory",
					"org.springframework.boot:spring-boot-starter-data-redis" },
			{ "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration",
					"org.springframework.boot:spring-boot-starter-data-redis" },
			{ "io.lettuce.core.RedisClient", "io.lettuce:lettuce-core" } };

	private final @Nullable ClassLoader classLoader;

	SharedStateLibraries(@Nullable ClassLoader classLoader) {
		this.classLoader = classLoader;
	}

	@Override
	public void afterPropertiesSet() {
		List<String> missing = missing(this.classLoader);
		if (!missing.isEmpty()) {
			throw new SharedStateConfigurationException(
					"paracle.shared-state.store is 'redis', but " + String.join(" and ", missing)
							+ ((missing.size() == 1) ? " is" : " are") + " not on the class path.",
					"Add " + String.join(", ", missing) + " to the application's dependencies (versions "
							+ "managed by Spring Boot), and configure the connection with spring.data.redis.*; or set "
							+ "paracle.shared-state.store=none.");
		}
	}

	static List<String> missing(@Nullable ClassLoader classLoader) {
		Set<String> missing = new LinkedHashSet<>();
		for (String[] library : LIBRARIES) {
			if (!ClassUtils.isPresent(library[0], classLoader)) {
				missing.add(library[1]);
			}
		}
		return List.copyOf(missing);
	}

}
