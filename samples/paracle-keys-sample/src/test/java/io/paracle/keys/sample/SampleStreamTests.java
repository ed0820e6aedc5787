package io.paracle.keys.sample;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import io.paracle.keys.resolve.Fingerprints;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code POST /api/v1/agents/stream} in demo mode (the stub streams word by word): {@code chunk} events, then
 * {@code done}; the test route's problems before the first chunk. {@link SampleStreamErrorsTests} covers the
 * {@code error} event after it.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class SampleStreamTests {

	private static final JsonMapper json = JsonMapper.builder().build();

	private final HttpClient http = HttpClient.newHttpClient();

	@LocalServerPort
	int port;

	@Test
	void demoModeStreamsChunksThenDone() throws Exception {
		HttpResponse<String> response = post("/api/v1/agents/stream", "{\"message\": \"test\"}", null);
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
				(type) -> assertThat(type).startsWith("text/event-stream"));
		List<Event> events = events(response.body());
		StringBuilder text = new StringBuilder();
		events.stream().filter((event) -> event.name().equals("chunk"))
			.forEach((event) -> text.append(json.readTree(event.data()).path("text").asString()));
		assertThat(text.toString()).isEqualTo("Hello from the paracle-keys demo stub. You said: test");
		assertThat(events.stream().filter((event) -> event.name().equals("chunk")).count()).isEqualTo(9);
		Event last = events.get(events.size() - 1);
		assertThat(last.name()).isEqualTo("done");
		JsonNode done = json.readTree(last.data());
		assertThat(done.path("provider").asString()).isEqualTo("openai");
		assertThat(done.path("model").asString()).isEqualTo("gpt-4o-mini");
		assertThat(done.path("fingerprint").asString()).isEqualTo(Fingerprints.of(DemoOpenAiServer.DEMO_KEY));
		assertThat(done.path("inputTokens").asLong()).isEqualTo(1);
		assertThat(done.path("outputTokens").asLong()).isEqualTo(9);
		assertThat(response.body()).doesNotContain(DemoOpenAiServer.DEMO_KEY);
		String scrape = this.http.send(HttpRequest.newBuilder(URI.create(url("/actuator/prometheus"))).build(),
				HttpResponse.BodyHandlers.ofString()).body();
		assertThat(scrape).contains("gen_ai_client_operation_time_to_first_chunk_seconds_count{");
	}

	@Test
	void beforeTheFirstChunkErrorsAreTheTestRoutesProblems() throws Exception {
		HttpResponse<String> badBody = post("/api/v1/agents/stream", "{}", null);
		assertThat(badBody.statusCode()).isEqualTo(400);
		assertThat(badBody.headers().firstValue("Content-Type")).hasValue("application/problem+json");
		HttpResponse<String> unknown = post("/api/v1/agents/stream?provider=nope", "{\"message\": \"test\"}", null);
		assertThat(unknown.statusCode()).isEqualTo(400);
		assertThat(json.readTree(unknown.body()).path("title").asString()).isEqualTo("unknown provider");
		String badKey = "sk-wrong-stream-canary-0003";
		HttpResponse<String> refused = post("/api/v1/agents/stream", "{\"message\": \"test\"}", badKey);
		assertThat(refused.statusCode()).isEqualTo(502);
		JsonNode problem = json.readTree(refused.body());
		assertThat(problem.path("title").asString()).isEqualTo("invalid API key");
		assertThat(problem.path("keyTest").path("worked").asBoolean(true)).isFalse();
		assertThat(refused.body()).doesNotContain(badKey);
	}

	private HttpResponse<String> post(String path, String body, String bearer) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url(path)))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body));
		if (bearer != null) {
			request.header("Authorization", "Bearer " + bearer);
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private String url(String path) {
		return "http://127.0.0.1:" + this.port + path;
	}

	/** Parse the SSE body the route wrote (one data line per event). */
	static List<Event> events(String body) {
		List<Event> events = new ArrayList<>();
		for (String block : body.split("\n\n")) {
			String name = null;
			StringBuilder data = new StringBuilder();
			for (String line : block.split("\n")) {
				if (line.startsWith("event:")) {
					name = line.substring(6).strip();
				}
				else if (line.startsWith("data:")) {
					data.append(line.substring(5));
				}
			}
			if (name != null) {
				events.add(new Event(name, data.toString()));
			}
		}
		return events;
	}

	record Event(String name, String data) {

	}

}
