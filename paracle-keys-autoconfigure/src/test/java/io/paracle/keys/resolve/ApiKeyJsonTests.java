package io.paracle.keys.resolve;

import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * JSON of key types shows fingerprints and origins, never values.
 */
class ApiKeyJsonTests {

	@Test
	void apiKeyAndProviderKeysSerializeWithoutTheSecret() {
		ApiKey key = ApiKey.of("sk-json-canary-0001", new KeyOrigin(KeySourceKind.ENVIRONMENT, "OPENAI_API_KEY", null));
		JsonMapper mapper = JsonMapper.builder().build();
		assertThat(mapper.writeValueAsString(key))
			.isEqualTo("{\"fingerprint\":\"" + key.fingerprint() + "\",\"origin\":\"OPENAI_API_KEY\"}");
		assertThat(mapper.writeValueAsString(new ProviderKeys("openai", List.of(key))))
			.doesNotContain("sk-json-canary-0001")
			.contains(key.fingerprint());
	}

}
