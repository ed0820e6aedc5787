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
 * The sample in its default, offline demo mode: the README's run command and curl work on a fresh machine.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class SampleDemoModeTests {

	private static final JsonMapper json = JsonMapper.builder().build();

	private final HttpClient http = HttpClient.newHttpClient();

	@LocalServerPort
	int port;

	@Test
	void agentTestRepliesThroughTheDemoStubAndIsCountedInPrometheus() throws Exception {
		HttpResponse<String> response = post("/api/v1/agents/test", "{\"message\": \"test\"}", "application/json",
				null);
		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode reply = json.readTree(response.body());
		assertThat(reply.path("reply").asString()).isEqualTo("Hello from the paracle-keys demo stub. You said: test");
		assertThat(reply.path("provider").asString()).isEqualTo("openai");
		assertThat(reply.path("model").asString()).isEqualTo("gpt-4o-mini");
		assertThat(reply.path("fingerprint").asString()).isEqualTo(Fingerprints.of(DemoOpenAiServer.DEMO_KEY));
		assertThat(reply.path("inputTokens").asLong()).isEqualTo(1);
		assertThat(reply.path("outputTokens").asLong()).isEqualTo(9);
		assertThat(response.body()).doesNotContain(DemoOpenAiServer.DEMO_KEY);

		String scrape = get("/actuator/prometheus").body();
		assertThat(scrape).containsPattern(
				"api_calls_total\\{[^}]*operation=\"chat\"[^}]*outcome=\"success\"[^}]*provider=\"openai\"[^}]*status=\"200\"[^}]*} [1-9]");
	}

	@Test
	void springAiClientAnswersThroughChatClientOverTheParacleModelWithTheSameReplyShape() throws Exception {
		HttpResponse<String> response = post("/api/v1/agents/test?client=spring-ai", "{\"message\": \"test\"}",
				"application/json", null);
		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode reply = json.readTree(response.body());
		assertThat(reply.path("reply").asString()).isEqualTo("Hello from the paracle-keys demo stub. You said: test");
		assertThat(reply.path("provider").asString()).isEqualTo("openai");
		assertThat(reply.path("model").asString()).isEqualTo("gpt-4o-mini");
		assertThat(reply.path("fingerprint").asString()).isEqualTo(Fingerprints.of(DemoOpenAiServer.DEMO_KEY));
		assertThat(reply.path("inputTokens").asLong()).isEqualTo(1);
		assertThat(reply.path("outputTokens").asLong()).isEqualTo(9);
		assertThat(response.body()).doesNotContain(DemoOpenAiServer.DEMO_KEY);
		String scrape = get("/actuator/prometheus").body();
		assertThat(scrape).containsPattern(
				"api_calls_total\\{[^}]*operation=\"chat\"[^}]*outcome=\"success\"[^}]*provider=\"openai\"[^}]*} [1-9]");
	}

	@Test
	void springAiClientRefusesAPerCallKeyAndNamesTheClientThatTakesOne() throws Exception {
		HttpResponse<String> response = post("/api/v1/agents/test?client=spring-ai", "{\"message\": \"test\"}",
				"application/json", "sk-demo-per-call-0009");
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.body()).contains("client=spring-ai takes its keys from the configuration 'openai'")
			.doesNotContain("sk-demo-per-call-0009");
	}

	@Test
	void guidesCurlWithoutContentTypeWorks() throws Exception {
		HttpResponse<String> response = post("/api/v1/agents/test", "{\"message\": \"test\"}",
				"application/x-www-form-urlencoded", null);
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).contains("You said: test");
	}

	@Test
	void bearerHeaderKeyIsUsedForThisCallOnlyAndNeverEchoed() throws Exception {
		String newKey = "sk-demo-rotated-key-0002";
		HttpResponse<String> response = post("/api/v1/agents/test", "{\"message\": \"test\"}", "application/json",
				newKey);
		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode reply = json.readTree(response.body());
		assertThat(reply.path("keyTest").path("worked").asBoolean()).isTrue();
		assertThat(reply.path("keyTest").path("fingerprint").asString()).isEqualTo(Fingerprints.of(newKey));
		assertThat(response.body()).doesNotContain(newKey);
	}

	@Test
	void refusedBearerKeyIsA502ProblemSayingInvalidApiKey() throws Exception {
		String badKey = "sk-wrong-canary-key-0003";
		HttpResponse<String> response = post("/api/v1/agents/test", "{\"message\": \"test\"}", "application/json",
				badKey);
		assertThat(response.statusCode()).isEqualTo(502);
		assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		JsonNode problem = json.readTree(response.body());
		assertThat(problem.path("title").asString()).isEqualTo("invalid API key");
		assertThat(problem.path("detail").asString()).contains("invalid API key");
		assertThat(problem.path("keyTest").path("worked").asBoolean()).isFalse();
		assertThat(problem.path("keyTest").path("fingerprint").asString()).isEqualTo(Fingerprints.of(badKey));
		assertThat(response.body()).doesNotContain(badKey);
	}

	@Test
	void unknownProviderIsA400Problem() throws Exception {
		HttpResponse<String> response = post("/api/v1/agents/test?provider=mistral", "{\"message\": \"test\"}",
				"application/json", null);
		assertThat(response.statusCode()).isEqualTo(400);
		JsonNode problem = json.readTree(response.body());
		assertThat(problem.path("title").asString()).isEqualTo("unknown provider");
		assertThat(problem.path("detail").asString()).contains("Provider 'mistral' is not active");
	}

	@Test
	void missingMessageIsA400Problem() throws Exception {
		assertThat(post("/api/v1/agents/test", "{}", "application/json", null).statusCode()).isEqualTo(400);
	}

	@Test
	void readinessAnswersItsStatusWithoutCredentials() throws Exception {
		// the paracle components and their details are for the actuator user: see SampleSecurityTests
		HttpResponse<String> response = get("/actuator/health/readiness");
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.body()).isEqualTo("{\"status\":\"UP\"}");
	}

	private HttpResponse<String> post(String path, String body, String contentType, String bearer) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
			.header("Content-Type", contentType)
			.POST(HttpRequest.BodyPublishers.ofString(body));
		if (bearer != null) {
			request.header("Authorization", "Bearer " + bearer);
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private HttpResponse<String> get(String path) throws Exception {
		return this.http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path)).build(),
				HttpResponse.BodyHandlers.ofString());
	}

}
