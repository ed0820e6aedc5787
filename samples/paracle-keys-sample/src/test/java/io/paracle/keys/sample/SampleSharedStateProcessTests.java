package io.paracle.keys.sample;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanIterator;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two separate JVMs of the sample on one Redis with a shared limit ({@code paracle.shared-state.store=redis},
 * {@code requests-per-minute: 20}): the fake provider counts the calls the two admitted together. The JVMs run the
 * sample's main class on the test class path, as {@link SampleDevProfileProcessTests} does (the jar is packaged
 * after the test phase). Needs the Redis on 127.0.0.1:6379 that CI always has ({@code .ci/run}).
 */
class SampleSharedStateProcessTests {

	private static final String KEY = "sk-two-jvms-shared-0001";

	@TempDir
	Path temp;

	private final WireMockServer openAi = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());

	private final String prefix = "paracle-test:" + UUID.randomUUID().toString().substring(0, 8) + ":";

	private final List<Process> processes = new ArrayList<>();

	@BeforeEach
	void start() {
		Assumptions.assumeTrue(redisAnswers(), "No Redis on 127.0.0.1:6379: start one (redis-server --port 6379) to "
				+ "run the two-JVM shared-state test (CI always has one, .ci/run starts it)");
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
		for (Process process : this.processes) {
			process.destroy();
			if (!process.waitFor(20, TimeUnit.SECONDS)) {
				process.destroyForcibly();
			}
		}
		if (this.openAi.isRunning()) {
			this.openAi.stop();
		}
		try (RedisClient client = RedisClient.create("redis://127.0.0.1:6379");
				StatefulRedisConnection<String, String> connection = client.connect()) {
			List<String> keys = ScanIterator.scan(connection.sync(), ScanArgs.Builder.matches(this.prefix + "*"))
				.stream()
				.toList();
			if (!keys.isEmpty()) {
				connection.sync().del(keys.toArray(String[]::new));
			}
		}
	}

	@Test
	void twoJvmsOnOneRedisAdmitTheSharedLimitTogether() throws Exception {
		List<String> firstOutput = new ArrayList<>();
		List<String> secondOutput = new ArrayList<>();
		CompletableFuture<Integer> first = launch(firstOutput);
		CompletableFuture<Integer> second = launch(secondOutput);
		int[] ports = { first.get(120, TimeUnit.SECONDS), second.get(120, TimeUnit.SECONDS) };

		HttpClient http = HttpClient.newHttpClient();
		int admitted = 0;
		int refused = 0;
		for (int call = 0; call < 40; call++) {
			HttpResponse<String> response = http.send(HttpRequest
				.newBuilder(URI.create("http://127.0.0.1:" + ports[call % 2] + "/api/v1/agents/test"))
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString("{\"message\": \"ping\"}"))
				.build(), HttpResponse.BodyHandlers.ofString());
			if (response.statusCode() == 200) {
				admitted++;
			}
			else {
				assertThat(response.statusCode()).as(response.body()).isEqualTo(429);
				refused++;
			}
		}
		assertThat(admitted).as("admitted by the two JVMs together").isEqualTo(20);
		assertThat(refused).isEqualTo(20);
		assertThat(this.openAi.findAll(postRequestedFor(urlEqualTo("/v1/chat/completions"))))
			.as("calls that reached the provider").hasSize(20);
		assertThat(String.join("\n", firstOutput) + String.join("\n", secondOutput)).doesNotContain(KEY)
			.doesNotContain("Shared state store (redis) failed");
	}

	private CompletableFuture<Integer> launch(List<String> output) throws IOException {
		ProcessBuilder builder = new ProcessBuilder(SampleProcesses.javaBinary(), "-cp",
				System.getProperty("java.class.path"),
				SampleApplication.class.getName(), "--server.port=0",
				"--paracle.providers.openai.base-url=http://127.0.0.1:" + this.openAi.port() + "/v1",
				"--paracle.providers.openai.rate-limit.requests-per-minute=20",
				"--paracle.providers.openai.rate-limit.max-wait=0", "--paracle.shared-state.store=redis",
				"--paracle.shared-state.timeout=2s", "--paracle.shared-state.key-prefix=" + this.prefix,
				"--spring.data.redis.host=127.0.0.1", "--spring.data.redis.port=6379",
				"--paracle.keys.dotenv.path=" + this.temp.resolve("absent.env"))
			.directory(this.temp.toFile())
			.redirectErrorStream(true);
		builder.environment().keySet().removeIf((name) -> name.endsWith("_API_KEY") || name.startsWith("AWS_"));
		builder.environment().put("OPENAI_API_KEY", KEY);
		Process process = builder.start();
		this.processes.add(process);
		return SampleProcesses.startedPort(process, output);
	}

	private static boolean redisAnswers() {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress("127.0.0.1", 6379), 500);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

}
