package io.paracle.keys.sample;

import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Demo mode switches itself off whenever the user configured a provider, a key or a secret store: an explicit
 * {@code base-url} or {@code --paracle.secrets.backend=azure} is never hidden by the demo stub.
 */
class DemoModeSwitchTests {

	private final DemoModeEnvironmentPostProcessor postProcessor = new DemoModeEnvironmentPostProcessor(
			(DeferredLogFactory) (destination) -> destination.get());

	@Test
	void nothingConfiguredTurnsDemoModeOn() {
		StandardEnvironment environment = environment(Map.of());
		this.postProcessor.postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.getProperty("paracle.sample.demo.active")).isEqualTo("true");
		assertThat(environment.getProperty("paracle.providers.openai.base-url")).startsWith("http://127.0.0.1:");
	}

	@Test
	void anExplicitProviderPropertyKeepsDemoModeOff() {
		StandardEnvironment environment = environment(
				Map.of("paracle.providers.openai.base-url", "https://llm.example/v1"));
		assertThat(DemoModeEnvironmentPostProcessor.configured(environment))
			.isEqualTo("paracle.providers.openai.base-url");
		this.postProcessor.postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.getProperty("paracle.sample.demo.active")).isNull();
		assertThat(environment.getProperty("paracle.providers.openai.base-url")).isEqualTo("https://llm.example/v1");
	}

	@Test
	void aSecretStoreBackendKeepsDemoModeOff() {
		StandardEnvironment environment = environment(Map.of("paracle.secrets.backend", "azure"));
		assertThat(DemoModeEnvironmentPostProcessor.configured(environment)).isEqualTo("paracle.secrets.backend=azure");
		this.postProcessor.postProcessEnvironment(environment, new SpringApplication());
		assertThat(environment.getProperty("paracle.sample.demo.active")).isNull();
	}

	@Test
	void aKeyVariableKeepsDemoModeOff() {
		assertThat(DemoModeEnvironmentPostProcessor.configured(environment(Map.of("ANTHROPIC_API_KEY", "x"))))
			.isEqualTo("ANTHROPIC_API_KEY");
		assertThat(DemoModeEnvironmentPostProcessor.configured(environment(Map.of("OPENAI_API_KEY_FILE", "/run/k"))))
			.isEqualTo("OPENAI_API_KEY_FILE");
		assertThat(DemoModeEnvironmentPostProcessor.configured(environment(Map.of("paracle.secrets.backend", "env"))))
			.isNull();
	}

	private static StandardEnvironment environment(Map<String, Object> properties) {
		StandardEnvironment environment = new StandardEnvironment();
		environment.getPropertySources().remove(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME);
		environment.getPropertySources().addFirst(new MapPropertySource("test", properties));
		return environment;
	}

}
