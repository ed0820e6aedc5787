package io.paracle.keys.testsupport;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

/**
 * Environments for tests that create providers without a Spring context: only the given properties (and system
 * properties), never the machine's environment variables.
 */
public final class TestEnvironments {

	private TestEnvironments() {
	}

	/**
	 * Create an environment from {@code key=value} pairs.
	 * @param properties the properties
	 * @return the environment
	 */
	public static StandardEnvironment of(String... properties) {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources().remove(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
		Map<String, Object> map = new LinkedHashMap<>();
		for (String property : properties) {
			int equals = property.indexOf('=');
			map.put(property.substring(0, equals), property.substring(equals + 1));
		}
		environment.getPropertySources().addFirst(new MapPropertySource("test", map));
		return environment;
	}

}
