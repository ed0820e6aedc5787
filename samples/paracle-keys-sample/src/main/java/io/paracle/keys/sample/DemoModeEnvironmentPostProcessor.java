package io.paracle.keys.sample;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

import io.paracle.keys.catalog.ProviderCatalog;
import io.paracle.keys.catalog.ProviderDescriptor;
import org.apache.commons.logging.Log;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.context.ApplicationListener;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.EnumerablePropertySource;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.PropertySource;

/**
 * Demo mode: with no active profile, nothing configured ({@link #configured}: no {@code paracle.providers.*}
 * property, no provider key variable, no secret store) and {@code paracle.sample.demo.enabled} not false, starts
 * the in-process
 * OpenAI-compatible stub and points the {@code openai} provider at it with the demo key, so the sample runs on a
 * fresh machine with no account and no network. Says so loudly in the log.
 *
 * @author paracle-keys
 */
class DemoModeEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

	private final Log logger;

	DemoModeEnvironmentPostProcessor(DeferredLogFactory logFactory) {
		this.logger = logFactory.getLog(DemoModeEnvironmentPostProcessor.class);
	}

	/**
	 * Return what the user configured that demo mode must not hide (a provider property, a key variable, a secret
	 * store), or {@code null} when nothing is: demo mode then starts.
	 */
	static @Nullable String configured(ConfigurableEnvironment environment) {
		for (PropertySource<?> source : environment.getPropertySources()) {
			if (source instanceof EnumerablePropertySource<?> enumerable) {
				for (String name : enumerable.getPropertyNames()) {
					if (name.startsWith("paracle.providers.")) {
						return name;
					}
				}
			}
		}
		String backend = environment.getProperty("paracle.secrets.backend");
		if (backend != null && !backend.isBlank() && !"env".equalsIgnoreCase(backend.strip())) {
			return "paracle.secrets.backend=" + backend.strip();
		}
		for (ProviderDescriptor descriptor : ProviderCatalog.all()) {
			for (String variable : descriptor.keyVariables()) {
				if (environment.containsProperty(variable) || environment.containsProperty(variable + "_FILE")) {
					return variable + (environment.containsProperty(variable) ? "" : "_FILE");
				}
			}
		}
		return null;
	}

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (environment.getActiveProfiles().length > 0
				|| !environment.getProperty("paracle.sample.demo.enabled", Boolean.class, true)) {
			return;
		}
		String configured = configured(environment);
		if (configured != null) {
			this.logger.info("Demo mode is off: " + configured + " is configured, so the sample uses it");
			return;
		}
		DemoOpenAiServer server;
		try {
			server = DemoOpenAiServer.start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not start the demo OpenAI stub on 127.0.0.1", ex);
		}
		Map<String, Object> demo = new LinkedHashMap<>();
		demo.put("paracle.providers.openai.base-url", "http://127.0.0.1:" + server.port() + "/v1");
		demo.put("paracle.providers.openai.api-key", DemoOpenAiServer.DEMO_KEY);
		demo.put("paracle.sample.demo.active", "true");
		environment.getPropertySources().addFirst(new MapPropertySource("paracle-sample-demo", demo));
		application.addListeners((ApplicationListener<ContextClosedEvent>) (event) -> server.stop());
		this.logger.warn("""

				*****************************************************************************
				  DEMO MODE: no profile is active and no provider, key or secret store is
				  configured, so provider 'openai' talks to an in-process stub on
				  127.0.0.1:%d with a demo key. No real LLM is called.
				  Run with --spring.profiles.active=dev (and a .env) to use your own keys.
				*****************************************************************************""".formatted(server.port()));
	}

}
