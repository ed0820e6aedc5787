package io.paracle.keys.sample;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample as a user runs it: its own JVM, {@code --spring.profiles.active=dev}, a base URL override, and the
 * key given only as a real environment variable {@code OPENAI_API_KEY_FILE} naming a file that ends in a newline.
 */
class SampleDevProfileProcessTests {

	private static final String KEY = "sk-dev-file-canary-0001";

	@TempDir
	Path temp;

	private final WireMockServer openAi = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());

	private Process process;

	@BeforeEach
	void start() {
		this.openAi.start();
		this.openAi.stubFor(post(urlEqualTo("/v1/chat/completions")).willReturn(aResponse().withStatus(200)
			.withHeader("Content-Type", "application/json")
			.withBody("""
					{"id":"chatcmpl-1","object":"chat.completion","created":1,"model":"gpt-4o-mini",
					 "choices":[{"index":0,"message":{"role":"assistant","content":"pong"},"finish_reason":"stop"}],
					 "usage":{"prompt_tokens":3,"completion_tokens":1,"total_tokens":4}}""")));
	}

	@AfterEach
	void stop() throws Exception {
		if (this.process != null) {
			this.process.destroy();
			if (!this.process.waitFor(20, TimeUnit.SECONDS)) {
				this.process.destroyForcibly();
			}
		}
		this.openAi.stop();
	}

	@Test
	void devProfileSendsTheKeyFromTheFileVariableWithoutItsNewline() throws Exception {
		Path keyFile = Files.writeString(this.temp.resolve("openai_api_key"), KEY + "\n");
		ProcessBuilder builder = new ProcessBuilder(SampleProcesses.javaBinary(), "-cp",
				System.getProperty("java.class.path"),
				SampleApplication.class.getName(), "--spring.profiles.active=dev", "--server.port=0",
				"--paracle.providers.openai.base-url=http://127.0.0.1:" + this.openAi.port() + "/v1",
				"--paracle.keys.dotenv.path=" + this.temp.resolve("absent.env"))
			.directory(this.temp.toFile())
			.redirectErrorStream(true);
		builder.environment().keySet().removeIf((name) -> name.endsWith("_API_KEY") || name.startsWith("AWS_"));
		builder.environment().put("OPENAI_API_KEY_FILE", keyFile.toString());
		this.process = builder.start();
		List<String> output = new ArrayList<>();
		int port = SampleProcesses.startedPort(this.process, output).get(90, TimeUnit.SECONDS);

		HttpResponse<String> response = HttpClient.newHttpClient()
			.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/agents/test"))
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString("{\"message\": \"ping\"}"))
				.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(String.join("\n", output)).isEqualTo(200);
		assertThat(response.body()).contains("\"reply\":\"pong\"");
		List<LoggedRequest> requests = this.openAi.findAll(
				com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor(urlEqualTo("/v1/chat/completions")));
		assertThat(requests).singleElement()
			.satisfies((request) -> assertThat(request.getHeader("Authorization")).isEqualTo("Bearer " + KEY));
		assertThat(String.join("\n", output)).contains("from OPENAI_API_KEY_FILE").doesNotContain(KEY);
	}

}
