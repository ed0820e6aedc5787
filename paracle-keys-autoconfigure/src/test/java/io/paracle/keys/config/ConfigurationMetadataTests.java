package io.paracle.keys.config;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.paracle.keys.catalog.ProviderCatalog;
import io.paracle.keys.resolve.ProviderProperties;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The configuration metadata an IDE reads documents every property of every provider, and hints the provider
 * ids. Fails when {@code scripts/generate-provider-metadata.py} was not re-run after a change.
 */
class ConfigurationMetadataTests {

	@Test
	void everyProviderPropertyOfEveryCatalogIdIsDocumented() throws IOException {
		Map<String, JsonNode> properties = new HashMap<>();
		metadata().get("properties").forEach((property) -> properties.put(property.get("name").asString(), property));
		List<String> missing = new ArrayList<>();
		for (String id : ProviderCatalog.ids()) {
			for (Method method : ProviderProperties.class.getDeclaredMethods()) {
				if (!method.getName().startsWith("set")) {
					continue;
				}
				String property = kebab(method.getName().substring(3));
				if (!appliesTo(property, id)) {
					continue;
				}
				String name = "paracle.providers." + id + "." + property;
				JsonNode entry = properties.get(name);
				if (entry == null || entry.get("description").asString().isBlank()) {
					missing.add(name);
				}
			}
		}
		assertThat(missing).as("run scripts/generate-provider-metadata.py").isEmpty();
		assertThat(properties.get("paracle.providers.openai.timeout").get("defaultValue").asString()).isEqualTo("60s");
		assertThat(properties).containsKey("paracle.keys.dotenv.enabled");
		JsonNode httpClient = properties.get("paracle.http.client");
		assertThat(httpClient.get("type").asString()).isEqualTo("io.paracle.keys.provider.HttpClientType");
		// the default depends on the class path (direct with Apache HttpClient 5), so the description gives it
		assertThat(httpClient.has("defaultValue")).isFalse();
		assertThat(httpClient.get("description").asString()).contains("rest-client")
			.contains("direct")
			.contains("Unset: direct when Apache HttpClient 5 is on the class path");
		JsonNode sslBundle = properties.get("paracle.http.ssl-bundle");
		assertThat(sslBundle.get("type").asString()).isEqualTo("java.lang.String");
		assertThat(sslBundle.get("description").asString()).contains("spring.ssl.bundle");
	}

	@Test
	void httpClientValuesAreHinted() throws IOException {
		List<String> hinted = new ArrayList<>();
		metadata().get("hints").forEach((hint) -> {
			if (hint.get("name").asString().equals("paracle.http.client")) {
				hint.get("values").forEach((value) -> hinted.add(value.get("value").asString()));
			}
		});
		assertThat(hinted).containsExactly("direct", "rest-client");
	}

	@Test
	void eachProviderIdListsOnlyThePropertiesThatApplyToIt() throws IOException {
		Map<String, JsonNode> properties = new HashMap<>();
		metadata().get("properties").forEach((property) -> properties.put(property.get("name").asString(), property));
		assertThat(properties).doesNotContainKeys("paracle.providers.openai.region",
				"paracle.providers.openai.access-key-id", "paracle.providers.openai.secret-access-key",
				"paracle.providers.openai.endpoint", "paracle.providers.openai.api-version",
				"paracle.providers.openai.deployment", "paracle.providers.anthropic.region",
				"paracle.providers.azure-openai.region", "paracle.providers.bedrock.endpoint",
				"paracle.providers.bedrock.api-key", "paracle.providers.bedrock.api-keys",
				"paracle.providers.bedrock.api-key-file");
		assertThat(properties).containsKeys("paracle.providers.bedrock.region",
				"paracle.providers.bedrock.access-key-id", "paracle.providers.bedrock.secret-access-key",
				"paracle.providers.azure-openai.endpoint", "paracle.providers.azure-openai.api-version",
				"paracle.providers.azure-openai.deployment", "paracle.providers.openai.api-key",
				"paracle.providers.bedrock.base-url", "paracle.providers.groq.rate-limit.requests-per-minute");
		assertThat(properties.get("paracle.providers.bedrock.region").get("description").asString())
			.startsWith("AWS Bedrock: AWS region of Bedrock");
	}

	/**
	 * The Azure OpenAI and Bedrock extras apply to those types only; Bedrock signs with an access key pair and
	 * takes no API key.
	 */
	private static boolean appliesTo(String property, String id) {
		return switch (property) {
			case "endpoint", "api-version", "deployment" -> id.equals(ProviderCatalog.AZURE_OPENAI);
			case "region", "access-key-id", "secret-access-key" -> id.equals(ProviderCatalog.BEDROCK);
			case "api-key", "api-keys", "api-key-file" -> !id.equals(ProviderCatalog.BEDROCK);
			default -> true;
		};
	}

	@Test
	void providerIdsAreHinted() throws IOException {
		List<String> hinted = new ArrayList<>();
		metadata().get("hints").forEach((hint) -> {
			if (hint.get("name").asString().equals("paracle.providers.keys")) {
				hint.get("values").forEach((value) -> hinted.add(value.get("value").asString()));
			}
		});
		assertThat(hinted).containsExactlyElementsOf(ProviderCatalog.ids());
	}

	private static JsonNode metadata() throws IOException {
		try (InputStream in = ConfigurationMetadataTests.class
			.getResourceAsStream("/META-INF/spring-configuration-metadata.json")) {
			assertThat(in).as("metadata generated by the configuration processor").isNotNull();
			return JsonMapper.builder().build().readTree(in);
		}
	}

	private static String kebab(String name) {
		StringBuilder result = new StringBuilder();
		for (char c : name.toCharArray()) {
			if (Character.isUpperCase(c)) {
				if (!result.isEmpty()) {
					result.append('-');
				}
				result.append(Character.toLowerCase(c));
			}
			else {
				result.append(c);
			}
		}
		return result.toString();
	}

}
