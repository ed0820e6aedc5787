package io.paracle.keys.config;

import java.util.List;

import io.paracle.keys.resolve.ProviderProperties;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * JSON of the configuration properties masks every key, as {@code /actuator/configprops} does.
 */
class ParaclePropertiesJsonTests {

	@Test
	void keyPropertiesAreMaskedAndTheRestIsShown() {
		ParacleProperties properties = new ParacleProperties();
		ProviderProperties openai = new ProviderProperties();
		openai.setApiKey("sk-json-canary-0001");
		openai.setApiKeys(List.of("sk-json-canary-0002", "sk-json-canary-0003"));
		openai.setApiKeyFile("/run/secrets/openai_api_key");
		properties.getProviders().put("openai", openai);
		ProviderProperties bedrock = new ProviderProperties();
		bedrock.setAccessKeyId("AKIAJSONCANARY00001");
		bedrock.setSecretAccessKey("json-canary-aws-secret");
		properties.getProviders().put("bedrock", bedrock);
		String json = JsonMapper.builder().build().writeValueAsString(properties);
		assertThat(json).contains("\"apiKey\":\"******\"")
			.contains("\"apiKeys\":[\"******\",\"******\"]")
			.contains("\"secretAccessKey\":\"******\"")
			.contains("\"apiKeyFile\":\"/run/secrets/openai_api_key\"")
			.doesNotContain("canary-000")
			.doesNotContain("json-canary-aws-secret");
	}

}
