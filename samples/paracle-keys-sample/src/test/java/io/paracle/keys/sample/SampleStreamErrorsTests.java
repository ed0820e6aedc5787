package io.paracle.keys.sample;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.WireMock;
import io.paracle.keys.sample.SampleStreamTests.Event;
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

import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code POST /api/v1/agents/stream} against a local OpenAI-compatible server (dev profile) whose stream breaks
 * after two chunks with an error event: the route has answered 200 already, so the failure is an {@code error}
 * event with the problem body, after the two {@code chunk} events.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@ActiveProfiles("dev")
class SampleStreamErrorsTests {

	private static final String KEY = "sk-sample-stream-canary-0001";

	private static final WireMockServer openAi = start();

	private static final JsonMapper json = JsonMapper.builder().build();

	private final HttpClient http = HttpClient.newHttpClient();

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void openAi(DynamicPropertyRegistry registry) {
		registry.add("paracle.providers.openai.base-url", () -> "http://127.0.0.1:" + openAi.port() + "/v1");
		registry.add("paracle.providers.openai.api-key", () -> KEY);
		registry.add("paracle.providers.openai.max-retries", () -> "0");
		registry.add("paracle.keys.dotenv.enabled", () -> "false");
	}

	private static WireMockServer start() {
		WireMockServer server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
		server.start();
		return server;
	}

	@AfterAll
	static void stop() {
		openAi.stop();
	}

	@Test
	void aFailureAfterTheFirstChunkIsAnErrorEventWithAProblemBody() throws Exception {
		openAi.stubFor(WireMock.post(urlEqualTo("/v1/chat/completions")).willReturn(aResponse().withStatus(200)
			.withHeader("Content-Type", "text/event-stream")
			.withBody("data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hello\"}}]}\n\n"
					+ "data: {\"choices\":[{\"index\":0,\"delta\":{\"content\":\" world\"}}]}\n\n"
					+ "data: {\"error\":{\"message\":\"The server had an error\",\"type\":\"server_error\"}}\n\n")));
		HttpResponse<String> response = post("/api/v1/agents/stream", "{\"message\": \"test\"}", null);
		assertThat(response.statusCode()).isEqualTo(200);
		List<Event> events = events(response.body());
		assertThat(events).extracting(Event::name).containsExactly("chunk", "chunk", "error");
		JsonNode problem = json.readTree(events.get(2).data());
		assertThat(problem.path("title").asString()).isEqualTo("provider unavailable");
		assertThat(problem.path("status").asInt()).isEqualTo(503);
		assertThat(problem.path("provider").asString()).isEqualTo("openai");
		assertThat(problem.path("partialText").asString()).isEqualTo("Hello world");
		assertThat(response.body()).doesNotContain(KEY);
	}

	private HttpResponse<String> post(String path, String body, String bearer) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body));
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private static List<Event> events(String body) {
		return SampleStreamTests.events(body);
	}

}
