package io.paracle.keys.secrets;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import io.paracle.keys.resolve.ApiKey;
import io.paracle.keys.resolve.ApiKeyResolver;
import io.paracle.keys.resolve.ApiKeysRotatedEvent;
import io.paracle.keys.rotation.KeyRefresher;
import io.paracle.keys.testsupport.stores.FakeVaultServer;
import io.paracle.keys.testsupport.stores.StoreApplication;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Rotation while calls go on: 4 threads call a WireMock OpenAI stub that accepts only the current key; the key
 * changes in the (fake) Vault and the old one is revoked at once, before any scheduled re-read. Each call follows
 * the contract the provider clients follow: read the key from the resolver, and on a 401 ask the
 * {@link KeyRefresher} to re-read after the rejection and retry once when it says the keys changed. (The typed
 * clients are not on this branch; this test drives the starter's side of that contract.)
 */
class RotationUnderLoadTests {

	private static final String OLD_KEY = "sk-load-old-0001";

	private static final String NEW_KEY = "sk-load-new-0002";

	private final FakeVaultServer vault = new FakeVaultServer();

	private final WireMockServer openAi = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private final List<ApiKeysRotatedEvent> events = new CopyOnWriteArrayList<>();

	private ConfigurableApplicationContext context;

	@BeforeEach
	void start() {
		this.vault.start();
		this.vault.putSecret("paracle", Map.of("OPENAI_API_KEY", OLD_KEY));
		this.openAi.start();
		this.openAi.stubFor(post("/v1/chat/completions").atPriority(10)
			.willReturn(aResponse().withStatus(401)
				.withHeader("Content-Type", "application/json")
				.withBody("{\"error\":{\"message\":\"Incorrect API key provided\",\"code\":\"invalid_api_key\"}}")));
	}

	@AfterEach
	void stop() {
		if (this.context != null) {
			this.context.close();
		}
		this.openAi.stop();
		this.vault.stop();
	}

	@Test
	void revokedKeyIsReplacedWithoutAFailedCall() throws Exception {
		StubMapping oldKey = this.openAi.stubFor(accepting(OLD_KEY));
		this.context = StoreApplication.run((application) -> application
			.addListeners((ApplicationListener<ApplicationEvent>) (event) -> {
				if (event instanceof ApiKeysRotatedEvent rotated) {
					this.events.add(rotated);
				}
			}), List.of("--spring.profiles.active=vaulttest", "--test.fake-vault.port=" + this.vault.port(),
					"--paracle.secrets.refresh-interval=1h", "--paracle.secrets.min-refresh-interval=30s"));
		ApiKeyResolver resolver = this.context.getBean(ApiKeyResolver.class);
		KeyRefresher refresher = this.context.getBean(KeyRefresher.class);
		Map<String, AtomicInteger> successesByKey = new ConcurrentHashMap<>();
		List<String> failures = new CopyOnWriteArrayList<>();
		AtomicBoolean running = new AtomicBoolean(true);
		ExecutorService threads = Executors.newFixedThreadPool(4);
		List<Future<?>> workers = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			workers.add(threads.submit(() -> {
				while (running.get()) {
					CallResult result = call(resolver, refresher);
					if (result.status() == 200) {
						successesByKey.computeIfAbsent(result.key(), (key) -> new AtomicInteger()).incrementAndGet();
					}
					else {
						failures.add(result.status() + " with " + result.key());
					}
				}
				return null;
			}));
		}
		try {
			await().atMost(Duration.ofSeconds(15)).until(() -> count(successesByKey, OLD_KEY) >= 40);
			// Rotation: the new key goes into Vault, then the provider revokes the old one.
			this.vault.putSecret("paracle", Map.of("OPENAI_API_KEY", NEW_KEY));
			this.openAi.stubFor(accepting(NEW_KEY));
			this.openAi.removeStub(oldKey);
			await().atMost(Duration.ofSeconds(15)).until(() -> count(successesByKey, NEW_KEY) >= 40);
		}
		finally {
			running.set(false);
			for (Future<?> worker : workers) {
				worker.get(15, TimeUnit.SECONDS);
			}
			threads.shutdown();
		}
		assertThat(failures).isEmpty();
		assertThat(resolver.keys("openai").primary().secret()).isEqualTo(NEW_KEY);
		assertThat(this.events).singleElement()
			.satisfies((event) -> assertThat(event.getProvider()).isEqualTo("openai"));
		// One re-read for the whole burst of 401s: the rejections are rate-limited.
		assertThat(this.vault.dataReads("paracle")).isEqualTo(2);
	}

	private CallResult call(ApiKeyResolver resolver, KeyRefresher refresher) throws IOException, InterruptedException {
		ApiKey key = resolver.keys("openai").primary();
		int status = send(key);
		if (status == 401 && refresher.refreshAfterRejection("openai")) {
			key = resolver.keys("openai").primary();
			status = send(key);
		}
		return new CallResult(status, key.secret());
	}

	private int send(ApiKey key) throws IOException, InterruptedException {
		HttpRequest request = HttpRequest.newBuilder(URI.create(this.openAi.baseUrl() + "/v1/chat/completions"))
			.header("Authorization", "Bearer " + key.secret())
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"gpt-4o-mini\",\"messages\":[]}"))
			.build();
		return this.http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
	}

	private static com.github.tomakehurst.wiremock.client.MappingBuilder accepting(String key) {
		return post("/v1/chat/completions").atPriority(1)
			.withHeader("Authorization", equalTo("Bearer " + key))
			.willReturn(okJson("{\"choices\":[{\"message\":{\"role\":\"assistant\",\"content\":\"ok\"}}]}"));
	}

	private static int count(Map<String, AtomicInteger> counts, String key) {
		AtomicInteger count = counts.get(key);
		return (count != null) ? count.get() : 0;
	}

	private record CallResult(int status, String key) {

	}

}
