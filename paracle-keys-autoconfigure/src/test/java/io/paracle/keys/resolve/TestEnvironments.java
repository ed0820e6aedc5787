package io.paracle.keys.resolve;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * Initializers that stand in for an operating system environment, a .env file or a secret store in
 * {@code ApplicationContextRunner} tests.
 */
final class TestEnvironments {

	private TestEnvironments() {
	}

	/** Replace the OS environment with the given variables (and nothing else). */
	static ApplicationContextInitializer<ConfigurableApplicationContext> osEnvironment(String... pairs) {
		Map<String, Object> variables = map(pairs);
		return (context) -> context.getEnvironment()
			.getPropertySources()
			.replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, new SystemEnvironmentPropertySource(
					StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, variables));
	}

	/** Add a .env property source at the lowest precedence, as the post-processor does. */
	static ApplicationContextInitializer<ConfigurableApplicationContext> dotenv(String... pairs) {
		Map<String, Object> entries = map(pairs);
		return (context) -> context.getEnvironment()
			.getPropertySources()
			.addLast(new DotenvPropertySource(java.nio.file.Path.of("/app/.env"), entries));
	}

	/** Add a property source named like one a config import adds (e.g. {@code secret/paracle}). */
	static ApplicationContextInitializer<ConfigurableApplicationContext> importedSource(String name, String... pairs) {
		Map<String, Object> entries = map(pairs);
		return (context) -> context.getEnvironment().getPropertySources().addFirst(new MapPropertySource(name, entries));
	}

	static Map<String, Object> map(String... pairs) {
		Map<String, Object> map = new LinkedHashMap<>();
		for (int i = 0; i < pairs.length; i += 2) {
			map.put(pairs[i], pairs[i + 1]);
		}
		return map;
	}

}
