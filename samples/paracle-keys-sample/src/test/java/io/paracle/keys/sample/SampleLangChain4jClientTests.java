package io.paracle.keys.sample;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import io.paracle.keys.resolve.Fingerprints;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The test route through LangChain4j ({@code ?client=langchain4j}) in demo mode: LangChain4j's OpenAiChatModel bean
 * answers through the demo stub on paracle's key, with the same reply shape as paracle's own client.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class SampleLangChain4jClientTests {

	private static final JsonMapper json = JsonMapper.builder().build();

	private final HttpClient http = HttpClient.newHttpClient();

	@LocalServerPort
	int port;

	@Test
	void langChain4jRepliesThroughTheDemoStubWithTheFingerprintOfThePoolsKey() throws Exception {
		HttpResponse<String> response = post("/api/v1/agents/test?client=langchain4j", null);
		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode reply = json.readTree(response.body());
		assertThat(reply.propertyNames()).containsExactly("reply", "provider", "model", "fingerprint", "inputTokens",
				"outputTokens");
		assertThat(reply.path("reply").asString()).isEqualTo("Hello from the paracle-keys demo stub. You said: test");
		assertThat(reply.path("provider").asString()).isEqualTo("openai");
		assertThat(reply.path("model").asString()).isEqualTo("gpt-4o-mini");
		assertThat(reply.path("fingerprint").asString()).isEqualTo(Fingerprints.of(DemoOpenAiServer.DEMO_KEY));
		assertThat(reply.path("inputTokens").asLong()).isEqualTo(1);
		assertThat(reply.path("outputTokens").asLong()).isEqualTo(9);
		assertThat(response.body()).doesNotContain(DemoOpenAiServer.DEMO_KEY);

		String scrape = this.http.send(HttpRequest.newBuilder(URI.create(url("/actuator/prometheus"))).build(),
				HttpResponse.BodyHandlers.ofString()).body();
		assertThat(scrape).containsPattern(
				"api_calls_total\\{[^}]*operation=\"chat\"[^}]*outcome=\"success\"[^}]*provider=\"openai\"[^}]*status=\"200\"[^}]*} [1-9]");
	}

	@Test
	void aKeyInTheAuthorizationHeaderIsForParaclesOwnClientOnly() throws Exception {
		HttpResponse<String> response = post("/api/v1/agents/test?client=langchain4j", "sk-demo-per-call-0009");
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(json.readTree(response.body()).path("detail").asString())
			.contains("tried by paracle's own client only");
		assertThat(response.body()).doesNotContain("sk-demo-per-call-0009");
	}

	@Test
	void anUnknownClientNamesLangChain4jAmongTheAvailableOnes() throws Exception {
		HttpResponse<String> response = post("/api/v1/agents/test?client=nope", null);
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.body()).contains("langchain4j").contains("paracle");
	}

	private HttpResponse<String> post(String path, String bearer) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url(path)))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{\"message\": \"test\"}"));
		if (bearer != null) {
			request.header("Authorization", "Bearer " + bearer);
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private String url(String path) {
		return "http://127.0.0.1:" + this.port + path;
	}

}
