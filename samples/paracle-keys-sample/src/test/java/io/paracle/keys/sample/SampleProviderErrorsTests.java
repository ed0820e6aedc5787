package io.paracle.keys.sample;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

import com.github.tomakehurst.wiremock.WireMockServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample's problem details for the provider's 429 and 401 answers, with the dev profile pointed at a local
 * OpenAI-compatible server.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@ActiveProfiles("dev")
class SampleProviderErrorsTests {

	private static final String KEY = "sk-sample-errors-canary-0001";

	private static final String REVOKED = "sk-sample-revoked-canary-0002";

	private static final WireMockServer openAi = start();

	private static final JsonMapper json = JsonMapper.builder().build();

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void openAi(DynamicPropertyRegistry registry) {
		registry.add("paracle.providers.openai.base-url", () -> "http://127.0.0.1:" + openAi.port() + "/v1");
		registry.add("paracle.providers.openai.api-key", () -> KEY);
		registry.add("paracle.providers.openai.max-retries", () -> "0");
		registry.add("paracle.providers.revoked.type", () -> "openai");
		registry.add("paracle.providers.revoked.base-url", () -> "http://127.0.0.1:" + openAi.port() + "/v1");
		registry.add("paracle.providers.revoked.api-key", () -> REVOKED);
		registry.add("paracle.keys.dotenv.enabled", () -> "false");
	}

	@AfterAll
	static void stop() {
		openAi.stop();
	}

	@Test
	void rateLimitedCallIsA429ProblemWithRetryAfterAndInvalidKeyIsA502() throws Exception {
		openAi.stubFor(post(urlEqualTo("/v1/chat/completions")).withHeader("Authorization", equalTo("Bearer " + KEY))
			.willReturn(aResponse().withStatus(429).withHeader("Retry-After", "7").withBody("{}")));
		HttpResponse<String> limited = call("openai");
		assertThat(limited.statusCode()).isEqualTo(429);
		assertThat(limited.headers().firstValue("Retry-After")).hasValue("7");
		JsonNode problem = json.readTree(limited.body());
		assertThat(problem.path("title").asString()).isEqualTo("rate limit exceeded");
		assertThat(problem.path("retryAfterSeconds").asLong()).isEqualTo(7);
		assertThat(limited.body()).doesNotContain(KEY);
	}

	@Test
	void refusedConfiguredKeyIsA502ProblemWithTheGuidesChecklist() throws Exception {
		openAi.stubFor(post(urlEqualTo("/v1/chat/completions"))
			.withHeader("Authorization", equalTo("Bearer " + REVOKED))
			.willReturn(aResponse().withStatus(401).withBody("{\"error\":{\"message\":\"Incorrect API key\"}}")));
		HttpResponse<String> refused = call("revoked");
		assertThat(refused.statusCode()).isEqualTo(502);
		JsonNode problem = json.readTree(refused.body());
		assertThat(problem.path("title").asString()).isEqualTo("invalid API key");
		assertThat(problem.path("detail").asString()).contains("verify the key has no extra spaces or newlines");
		assertThat(refused.body()).doesNotContain(REVOKED);
	}

	private HttpResponse<String> call(String provider) throws Exception {
		return HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(
					URI.create("http://127.0.0.1:" + this.port + "/api/v1/agents/test?provider=" + provider))
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString("{\"message\": \"test\"}"))
				.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static WireMockServer start() {
		WireMockServer server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
		server.start();
		return server;
	}

}
