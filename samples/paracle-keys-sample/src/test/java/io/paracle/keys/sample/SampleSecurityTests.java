package io.paracle.keys.sample;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample as shipped, in demo mode (no profile, no password set): probes, scrapers and the agent route need no
 * credentials; health details and the {@code paracle} endpoint need the {@code actuator} user, whose password
 * Spring Boot generated and printed once at startup.
 */
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "paracle.sample.test-context=security")
class SampleSecurityTests {

	private static final Pattern GENERATED = Pattern.compile("Using generated security password: (\\S+)");

	private static final JsonMapper json = JsonMapper.builder().build();

	private final HttpClient http = HttpClient.newHttpClient();

	@LocalServerPort
	int port;

	@Test
	void probesScrapersAndTheAgentRouteNeedNoCredentialsAndSeeNoDetails() throws Exception {
		for (String path : new String[] { "/actuator/health", "/actuator/health/readiness",
				"/actuator/health/liveness" }) {
			HttpResponse<String> health = send("GET", path, null);
			assertThat(health.statusCode()).as(path).isEqualTo(200);
			// the status (and, at the root, the names of the groups): no components, no details
			assertThat(json.readTree(health.body()).propertyNames()).as(path).isSubsetOf("status", "groups");
			assertThat(health.body()).as(path).doesNotContain("fingerprint").doesNotContain("origin");
		}
		assertThat(send("GET", "/actuator/prometheus", null).statusCode()).isEqualTo(200);
		assertThat(send("GET", "/actuator/info", null).statusCode()).isEqualTo(200);
		HttpResponse<String> agent = http().send(HttpRequest
			.newBuilder(uri("/api/v1/agents/test"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{\"message\": \"test\"}"))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(agent.statusCode()).isEqualTo(200);
	}

	@Test
	void theParacleEndpointNeedsTheActuatorUser(CapturedOutput output) throws Exception {
		assertThat(send("GET", "/actuator/paracle", null).statusCode()).isEqualTo(401);
		assertThat(send("POST", "/actuator/paracle", null).statusCode()).isEqualTo(401);
		assertThat(send("POST", "/actuator/paracle", basic("actuator", "wrong-password")).statusCode())
			.isEqualTo(401);
		String actuator = basic("actuator", generatedPassword(output));
		HttpResponse<String> providers = send("GET", "/actuator/paracle", actuator);
		assertThat(providers.statusCode()).isEqualTo(200);
		assertThat(json.readTree(providers.body()).path("providers").path("openai").path("keyCount").asInt())
			.isEqualTo(1);
		HttpResponse<String> refresh = send("POST", "/actuator/paracle", actuator);
		assertThat(refresh.statusCode()).isEqualTo(200);
		JsonNode answer = json.readTree(refresh.body());
		assertThat(answer.has("changed")).isTrue();
		assertThat(answer.has("cleared")).isTrue();
		assertThat(answer.has("nextReadAt")).isTrue();
	}

	@Test
	void healthDetailsNeedTheActuatorUser(CapturedOutput output) throws Exception {
		HttpResponse<String> health = send("GET", "/actuator/health/readiness",
				basic("actuator", generatedPassword(output)));
		assertThat(health.statusCode()).isEqualTo(200);
		JsonNode paracle = json.readTree(health.body()).path("components").path("paracle");
		assertThat(paracle.path("components").path("openai").path("details").path("keyCount").asInt()).isEqualTo(1);
	}

	@Test
	void theGeneratedPasswordIsPrintedOnce(CapturedOutput output) {
		generatedPassword(output);
		assertThat(GENERATED.matcher(output.getAll()).results().count()).isOne();
	}

	private static String generatedPassword(CapturedOutput output) {
		Matcher matcher = GENERATED.matcher(output.getAll());
		assertThat(matcher.find()).as("Spring Boot's generated password line").isTrue();
		return matcher.group(1);
	}

	private static String basic(String user, String password) {
		return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
	}

	private HttpResponse<String> send(String method, String path, @Nullable String authorization) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
			.method(method, HttpRequest.BodyPublishers.noBody());
		if (authorization != null) {
			request.header("Authorization", authorization);
		}
		return http().send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private HttpClient http() {
		return this.http;
	}

	private URI uri(String path) {
		return URI.create("http://127.0.0.1:" + this.port + path);
	}

}
