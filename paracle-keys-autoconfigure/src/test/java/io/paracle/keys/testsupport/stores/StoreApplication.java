package io.paracle.keys.testsupport.stores;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

/**
 * The smallest Spring Boot application the secret store tests start: no web server, every auto-configuration on
 * the classpath (all three store libraries included), no component scan. The OS environment is replaced by an
 * empty one once the context is prepared, so a key exported on the build machine cannot win over the store.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration(excludeName = StoreApplication.GOOGLE_GENAI_CHAT)
public class StoreApplication {

	/**
	 * Spring AI's Gemini chat auto-configuration, on the test class path for the Spring AI tests: without a paracle
	 * configuration {@code gemini} or {@code spring.ai.google.genai.api-key} it fails startup (Spring AI's own
	 * rule), so applications of tests that are not about Gemini leave it out.
	 */
	public static final String GOOGLE_GENAI_CHAT = "org.springframework.ai.model.google.genai.autoconfigure.chat."
			+ "GoogleGenAiChatAutoConfiguration";

	/**
	 * Run the application with the given command line arguments.
	 * @param customizer a chance to customize the application (listeners, bootstrap initializers)
	 * @param args the arguments, e.g. {@code --spring.profiles.active=vaulttest}
	 * @return the running context
	 */
	public static ConfigurableApplicationContext run(Consumer<SpringApplication> customizer, List<String> args) {
		SpringApplication application = new SpringApplication(StoreApplication.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		application.setBannerMode(Banner.Mode.OFF);
		application.addInitializers((context) -> context.getEnvironment()
			.getPropertySources()
			.replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, new SystemEnvironmentPropertySource(
					StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, Map.of())));
		customizer.accept(application);
		List<String> all = new ArrayList<>(args);
		all.add("--paracle.keys.dotenv.enabled=false");
		return application.run(all.toArray(String[]::new));
	}

}
