package io.paracle.keys.benchmarks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.context.annotation.ImportCandidates;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The Spring Boot application of the paracle benchmarks: no beans of its own, everything from auto-configuration
 * on the benchmark class path, as in a user's application that adds the starter and has metrics. That class path
 * gives Boot's {@code MeterRegistry} (Prometheus), {@code ObservationRegistry}, Jackson and {@code RestClient}
 * auto-configurations, Logback, and the starter's seven auto-configurations.
 * <p>
 * Started {@link #withoutStarter} the paracle auto-configurations are excluded: the same application and class
 * path without the starter's beans, for the startup and heap baselines. (The starter's environment post-processor,
 * which looks for a {@code .env} file, and its failure analyzers come from {@code spring.factories} and cannot be
 * excluded; they run in both variants.)
 *
 * @author paracle-keys
 */
@SpringBootConfiguration
@EnableAutoConfiguration
public class ParacleApplication {

	/** The fake key of the OpenAI configuration (the stub never checks keys). */
	public static final String OPENAI_KEY = ChatJson.API_KEY;

	/** The auto-configurations of paracle-keys, as listed in its {@code AutoConfiguration.imports}. */
	static final List<String> PARACLE_AUTO_CONFIGURATIONS = ImportCandidates
		.load(AutoConfiguration.class, ParacleApplication.class.getClassLoader())
		.getCandidates()
		.stream()
		.filter((candidate) -> candidate.startsWith("io.paracle.keys."))
		.toList();

	/** Boot's Redis auto-configurations, active only where a benchmark shares state through Redis. */
	static final List<String> REDIS_AUTO_CONFIGURATIONS = ImportCandidates
		.load(AutoConfiguration.class, ParacleApplication.class.getClassLoader())
		.getCandidates()
		.stream()
		.filter((candidate) -> candidate.startsWith("org.springframework.boot.data.redis."))
		.toList();

	/** Unused port on loopback: base URL of providers that are configured but never called. */
	private static final String NOWHERE = "http://127.0.0.1:9";

	/**
	 * Start the application with the starter.
	 * @param properties the application properties
	 * @return the running context
	 */
	public static ConfigurableApplicationContext start(Map<String, Object> properties) {
		return start(properties, true);
	}

	/**
	 * Start the application without the starter's auto-configurations.
	 * @param properties the application properties
	 * @return the running context
	 */
	public static ConfigurableApplicationContext withoutStarter(Map<String, Object> properties) {
		return start(properties, false);
	}

	/**
	 * Start the application.
	 * @param properties the application properties
	 * @param starter whether the starter's auto-configurations apply
	 * @return the running context
	 */
	public static ConfigurableApplicationContext start(Map<String, Object> properties, boolean starter) {
		Map<String, Object> all = new LinkedHashMap<>();
		all.put("spring.main.banner-mode", "off");
		all.put("spring.main.log-startup-info", "false");
		all.put("logging.level.root", "warn");
		List<String> excluded = new ArrayList<>();
		if (!starter) {
			excluded.addAll(PARACLE_AUTO_CONFIGURATIONS);
		}
		if (!"redis".equals(properties.get("paracle.shared-state.store"))) {
			// Spring Data Redis is on the class path for SharedStateBenchmark only
			excluded.addAll(REDIS_AUTO_CONFIGURATIONS);
		}
		if (!excluded.isEmpty()) {
			all.put("spring.autoconfigure.exclude", String.join(",", excluded));
		}
		all.putAll(properties);
		return new SpringApplicationBuilder(ParacleApplication.class).web(WebApplicationType.NONE)
			.properties(all)
			.run();
	}

	/**
	 * Return the properties of the call benchmark: OpenAI at the stub with one key, retries armed
	 * ({@code max-retries=2}, the default, set explicitly) and a client-side limit that never bites.
	 * @param baseUrl the OpenAI base URL of the stub, {@code http://127.0.0.1:<port>/v1}
	 * @return the properties
	 */
	public static Map<String, Object> openAi(String baseUrl) {
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("paracle.providers.openai.api-key", OPENAI_KEY);
		properties.put("paracle.providers.openai.base-url", baseUrl);
		properties.put("paracle.providers.openai.max-retries", "2");
		properties.put("paracle.providers.openai.rate-limit.requests-per-minute", "100000000");
		return properties;
	}

	/**
	 * Return the properties of the micro benchmarks: OpenAI with three keys (never called), retries and a
	 * client-side limit that never bites.
	 * @return the properties
	 */
	public static Map<String, Object> openAiThreeKeys() {
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("paracle.providers.openai.api-keys[0]", "sk-test-benchmark-key-0001");
		properties.put("paracle.providers.openai.api-keys[1]", "sk-test-benchmark-key-0002");
		properties.put("paracle.providers.openai.api-keys[2]", "sk-test-benchmark-key-0003");
		properties.put("paracle.providers.openai.base-url", NOWHERE + "/v1");
		properties.put("paracle.providers.openai.max-retries", "2");
		properties.put("paracle.providers.openai.rate-limit.requests-per-minute", "100000000");
		return properties;
	}

	/**
	 * Return the properties of all 14 providers of the catalog, each with a fake key (an access key pair for
	 * Bedrock) and a base URL on an unused loopback port; nothing is called at startup.
	 * @param bedrock whether to configure Bedrock (with a region, so its AWS SDK client is built on its first call)
	 * @return the properties
	 */
	public static Map<String, Object> allProviders(boolean bedrock) {
		Map<String, Object> properties = new LinkedHashMap<>();
		keyAndUrl(properties, "openai", "sk-paracle-openai-0001", "/v1");
		keyAndUrl(properties, "xai", "xai-paracle-0001", "/v1");
		keyAndUrl(properties, "deepseek", "sk-paracle-deepseek-0001", "");
		keyAndUrl(properties, "groq", "gsk_paracle_0001", "/openai/v1");
		keyAndUrl(properties, "mistral", "paracle-mistral-key-0001", "/v1");
		keyAndUrl(properties, "together", "paracle-together-key-0001", "/v1");
		keyAndUrl(properties, "perplexity", "pplx-paracle-0001", "");
		keyAndUrl(properties, "openrouter", "sk-or-paracle-0001", "/api/v1");
		keyAndUrl(properties, "fireworks", "fw_paracle_0001", "/inference/v1");
		keyAndUrl(properties, "cohere", "paracle-cohere-key-0001", "");
		keyAndUrl(properties, "anthropic", "sk-ant-paracle-0001", "");
		keyAndUrl(properties, "gemini", "AIza-paracle-gemini-0001", "");
		properties.put("paracle.providers.azure-openai.api-key", "paracle-azure-key-0001");
		properties.put("paracle.providers.azure-openai.endpoint", NOWHERE + "/");
		if (bedrock) {
			properties.put("paracle.providers.bedrock.access-key-id", "AKIAPARACLEBENCH0001");
			properties.put("paracle.providers.bedrock.secret-access-key", "paracle-aws-secret-0001");
			properties.put("paracle.providers.bedrock.region", "us-east-1");
			properties.put("paracle.providers.bedrock.base-url", NOWHERE);
		}
		else {
			properties.put("paracle.providers.bedrock.enabled", "false");
		}
		return properties;
	}

	private static void keyAndUrl(Map<String, Object> properties, String id, String key, String basePath) {
		properties.put("paracle.providers." + id + ".api-key", key);
		properties.put("paracle.providers." + id + ".base-url", NOWHERE + basePath);
	}

}
