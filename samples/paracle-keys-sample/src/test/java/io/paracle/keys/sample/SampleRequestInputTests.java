package io.paracle.keys.sample;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the agent route does with what a client sends, in demo mode (the stub echoes the message it received):
 * JSON reaches the provider unchanged whatever the content type, a body over
 * {@code paracle.sample.max-request-size} is a 413, unknown paths and methods are problem details, and the
 * Bearer override key gets the checks of a configured key.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class SampleRequestInputTests {

	private static final String PROBLEM_JSON = "application/problem+json";

	private static final JsonMapper json = JsonMapper.builder().build();

	private final HttpClient http = HttpClient.newHttpClient();

	@LocalServerPort
	int port;

	@Test
	void theGuidesCurlDeliversTheJsonMessageUnchanged() throws Exception {
		// curl -d '{"message": "a+b & c=d"}' sends application/x-www-form-urlencoded
		for (String contentType : new String[] { "application/x-www-form-urlencoded", "application/json",
				"text/plain" }) {
			HttpResponse<String> response = post("/api/v1/agents/test", "{\"message\": \"a+b & c=d\"}", contentType,
					null);
			assertThat(response.statusCode()).as(contentType).isEqualTo(200);
			assertThat(json.readTree(response.body()).path("reply").asString()).as(contentType)
				.isEqualTo("Hello from the paracle-keys demo stub. You said: a+b & c=d");
		}
	}

	@Test
	void aBodyOverTheLimitIsA413Problem() throws Exception {
		String message = "x".repeat(64 * 1024);
		HttpResponse<String> response = post("/api/v1/agents/test", "{\"message\": \"" + message + "\"}",
				"application/json", null);
		assertThat(response.statusCode()).isEqualTo(413);
		assertThat(response.headers().firstValue("Content-Type")).hasValue(PROBLEM_JSON);
		JsonNode problem = json.readTree(response.body());
		assertThat(problem.path("title").asString()).isEqualTo("request too large");
		assertThat(problem.path("status").asInt()).isEqualTo(413);
		assertThat(problem.path("detail").asString()).isEqualTo("The request body is larger than "
				+ "paracle.sample.max-request-size (64KB). Send a shorter message, or raise "
				+ "paracle.sample.max-request-size.");
		assertThat(post("/api/v1/agents/test", "{\"message\": \"" + "x".repeat(60 * 1024) + "\"}",
				"application/json", null).statusCode()).isEqualTo(200);
	}

	@Test
	void unknownPathsAndMethodsAreProblems() throws Exception {
		HttpResponse<String> notFound = this.http.send(HttpRequest.newBuilder(uri("/api/v1/agents/nope")).build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(notFound.statusCode()).isEqualTo(404);
		assertThat(notFound.headers().firstValue("Content-Type")).hasValue(PROBLEM_JSON);
		assertThat(json.readTree(notFound.body()).path("status").asInt()).isEqualTo(404);
		HttpResponse<String> wrongMethod = this.http.send(
				HttpRequest.newBuilder(uri("/api/v1/agents/test")).build(), HttpResponse.BodyHandlers.ofString());
		assertThat(wrongMethod.statusCode()).isEqualTo(405);
		assertThat(wrongMethod.headers().firstValue("Content-Type")).hasValue(PROBLEM_JSON);
		assertThat(json.readTree(wrongMethod.body()).path("detail").asString()).contains("GET");
	}

	@Test
	void aBearerKeyWithASpaceIsRefusedWithTheTextAConfiguredKeyGets() throws Exception {
		String key = "sk-demo-with space-0004";
		HttpResponse<String> response = post("/api/v1/agents/test", "{\"message\": \"test\"}", "application/json",
				key);
		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(response.headers().firstValue("Content-Type")).hasValue(PROBLEM_JSON);
		JsonNode problem = json.readTree(response.body());
		assertThat(problem.path("title").asString()).isEqualTo("malformed API key");
		assertThat(problem.path("detail").asString()).isEqualTo("The per-call key (Authorization header) contains "
				+ "whitespace inside the key. Pass the key exactly as the provider's key page shows it: printable "
				+ "ASCII, at most 1024 characters.");
		assertThat(response.body()).doesNotContain(key).doesNotContain("with space");
	}

	private HttpResponse<String> post(String path, String body, String contentType, @Nullable String bearer)
			throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
			.header("Content-Type", contentType)
			.POST(HttpRequest.BodyPublishers.ofString(body));
		if (bearer != null) {
			request.header("Authorization", "Bearer " + bearer);
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private URI uri(String path) {
		return URI.create("http://127.0.0.1:" + this.port + path);
	}

}
