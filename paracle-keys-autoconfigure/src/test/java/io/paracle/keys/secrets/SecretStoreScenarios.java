package io.paracle.keys.secrets;

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
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import io.micrometer.core.instrument.MeterRegistry;
import io.paracle.keys.actuate.ParacleEndpoint;
import io.paracle.keys.provider.ChatResponse;
import io.paracle.keys.provider.client.OpenAiProvider;
import io.paracle.keys.refresh.KeyRefresher;
import io.paracle.keys.refresh.KeySourcesRefresher;
import io.paracle.keys.resolve.ApiKeyResolver;
import io.paracle.keys.resolve.ApiKeysRotatedEvent;
import io.paracle.keys.resolve.Fingerprints;
import io.paracle.keys.resolve.KeyOrigin;
import io.paracle.keys.resolve.KeySourceKind;
import io.paracle.keys.testsupport.FakeProviderServer;
import io.paracle.keys.testsupport.stores.FakeStoreServer;
import io.paracle.keys.testsupport.stores.StoreApplication;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;
import static org.awaitility.Awaitility.await;

/**
 * The same scenarios against each store: a real {@link SpringApplication}, the real Spring Cloud library, a
 * profile file with {@code paracle.secrets.backend}, and a wire-level fake of the store on 127.0.0.1 that the
 * test starts, changes and stops; the typed OpenAI client against a WireMock stub that accepts only the current
 * key. All three store libraries are on the classpath.
 */
@ExtendWith(OutputCaptureExtension.class)
abstract class SecretStoreScenarios {

	static final Duration WAIT = Duration.ofSeconds(15);

	private static final String CHAT = "/v1/chat/completions";

	private static final String ANSWER = """
			{"id":"chatcmpl-1","object":"chat.completion","created":1,"model":"gpt-4o-mini",
			 "choices":[{"index":0,"message":{"role":"assistant","content":"ok"},"finish_reason":"stop"}],
			 "usage":{"prompt_tokens":2,"completion_tokens":1,"total_tokens":3}}""";

	private final List<ApiKeysRotatedEvent> events = new CopyOnWriteArrayList<>();

	private ConfigurableApplicationContext context;

	/** The fake store, started with the OpenAI key {@link #key(int)} 1 before each test. */
	abstract FakeStoreServer store();

	/** The profile whose file selects the store, e.g. {@code vaulttest}. */
	abstract String profile();

	/** The backend name, as in {@code paracle.secrets.backend}. */
	abstract String backend();

	/** How keys from the store describe their origin, e.g. {@code vault:secret/paracle}. */
	abstract String expectedSource();

	/** Command line arguments that point the profile file at the fake. */
	abstract List<String> storeArguments();

	/** Store the given OpenAI key in the fake (a new version of the secret). */
	abstract void putOpenAiKey(String key);

	/** Make the secret hold some other key only. */
	abstract void putSecretWithoutOpenAiKey();

	/** Customize the application before it runs (for example a store credential). */
	void customize(SpringApplication application) {
	}

	static String key(int number) {
		return "sk-store-test-" + String.format("%04d", number);
	}

	@AfterEach
	void closeContextAndStore() {
		if (this.context != null) {
			this.context.close();
		}
		store().stop();
	}

	@Test
	void keyComesFromTheStoreThroughOneProfileLine() {
		this.context = run();
		ApiKeyResolver resolver = this.context.getBean(ApiKeyResolver.class);
		assertThat(resolver.keys("openai").primary().secret()).isEqualTo(key(1));
		KeyOrigin origin = resolver.keys("openai").origin();
		assertThat(origin.kind()).isEqualTo(KeySourceKind.SECRET_STORE);
		assertThat(origin.source()).isEqualTo(expectedSource());
		assertThat(origin.name()).isEqualTo("OPENAI_API_KEY");
		assertThat(origin.description()).isEqualTo(expectedSource());
		assertThat(this.context.getBean(KeyRefresher.class)).isInstanceOf(KeySourcesRefresher.class);
		assertThat(this.context.getBean(KeySourcesRefresher.class).getReloads()).singleElement()
			.isInstanceOf(SecretStoreReload.class);
		// The store sits where config imports sit: below the OS environment, above the config files.
		List<String> names = this.context.getEnvironment().getPropertySources().stream().map(PropertySource::getName)
			.toList();
		String storeSource = names.stream()
			.filter((name) -> name.equals(expectedSource()) || ("vault:" + name).equals(expectedSource()))
			.findFirst()
			.orElseThrow();
		assertThat(names).containsSubsequence(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
				storeSource, "Config resource 'class path resource [application-" + profile() + ".yml]' via location "
						+ "'optional:classpath:/'",
				SecretStoreEnvironmentPostProcessor.DEFAULTS_SOURCE_NAME);
		assertThat(switchedOffStores()).containsExactlyInAnyOrderElementsOf(otherStoreSwitches());
	}

	@Test
	void newKeyIsUsedWithinTheRefreshIntervalWithOneRotationEvent() {
		this.context = run("--paracle.secrets.refresh-interval=500ms");
		ApiKeyResolver resolver = this.context.getBean(ApiKeyResolver.class);
		putOpenAiKey(key(2));
		await().atMost(WAIT).until(() -> resolver.keys("openai").primary().secret().equals(key(2)));
		// Later scheduled re-reads find the same key: still one event.
		this.context.getBean(KeyRefresher.class).refresh();
		assertThat(this.events).singleElement().satisfies((event) -> {
			assertThat(event.getProvider()).isEqualTo("openai");
			assertThat(event.getPreviousFingerprints()).containsExactly(Fingerprints.of(key(1)));
			assertThat(event.getCurrentFingerprints()).containsExactly(Fingerprints.of(key(2)));
			assertThat(event.getOrigin()).isEqualTo(expectedSource());
		});
	}

	@Test
	void fourThreadsCallThroughARotationWhoseOldKeyIsRevokedAtOnceWithoutAFailedCall() throws Exception {
		WireMockServer openAiServer = FakeProviderServer.reset();
		openAiServer.stubFor(post(CHAT).atPriority(10)
			.willReturn(aResponse().withStatus(401)
				.withHeader("Content-Type", "application/json")
				.withBody("{\"error\":{\"message\":\"Incorrect API key provided\",\"code\":\"invalid_api_key\"}}")));
		StubMapping oldKey = openAiServer.stubFor(accepting(key(1)));
		run("--paracle.providers.openai.base-url=" + FakeProviderServer.baseUrl() + "/v1");
		OpenAiProvider openai = this.context.getBean(OpenAiProvider.class);
		Map<String, AtomicInteger> callsByKey = new ConcurrentHashMap<>();
		List<String> failures = new CopyOnWriteArrayList<>();
		AtomicBoolean running = new AtomicBoolean(true);
		ExecutorService threads = Executors.newFixedThreadPool(4);
		List<Future<?>> workers = new ArrayList<>();
		for (int i = 0; i < 4; i++) {
			workers.add(threads.submit(() -> {
				while (running.get()) {
					try {
						ChatResponse response = openai.chat("hello");
						callsByKey.computeIfAbsent(response.keyFingerprint(), (key) -> new AtomicInteger())
							.incrementAndGet();
					}
					catch (RuntimeException ex) {
						failures.add(ex.toString());
					}
				}
			}));
		}
		try {
			await().atMost(WAIT).until(() -> calls(callsByKey, key(1)) >= 40);
			// The new key goes into the store; the provider revokes the old one at once, long before the
			// scheduled re-read (1h): the first 401 re-reads the store and the call is retried with the new key.
			putOpenAiKey(key(2));
			openAiServer.stubFor(accepting(key(2)));
			openAiServer.removeStub(oldKey);
			await().atMost(WAIT).until(() -> calls(callsByKey, key(2)) >= 40);
		}
		finally {
			running.set(false);
			for (Future<?> worker : workers) {
				worker.get(WAIT.toSeconds(), TimeUnit.SECONDS);
			}
			threads.shutdown();
		}
		assertThat(failures).isEmpty();
		assertThat(this.context.getBean(ApiKeyResolver.class).keys("openai").primary().secret()).isEqualTo(key(2));
		assertThat(this.events).singleElement().satisfies((event) -> {
			assertThat(event.getProvider()).isEqualTo("openai");
			assertThat(event.getCurrentFingerprints()).containsExactly(Fingerprints.of(key(2)));
		});
		assertThat(openAiServer.findAll(postRequestedFor(urlEqualTo(CHAT))
			.withHeader("Authorization", equalTo("Bearer " + key(1))))).hasSizeGreaterThanOrEqualTo(40);
	}

	@Test
	void unreachableStoreKeepsTheLastGoodKeyIsReportedOnceAndRecovers(CapturedOutput output) {
		// every POST below re-reads: no minimum interval between them
		this.context = run("--paracle.secrets.min-refresh-interval=0s");
		ApiKeyResolver resolver = this.context.getBean(ApiKeyResolver.class);
		ParacleEndpoint endpoint = this.context.getBean(ParacleEndpoint.class);
		store().stop();
		for (int i = 0; i < 3; i++) {
			// POST /actuator/paracle: re-reads the store (and fails to).
			assertThat(endpoint.refresh().get("changed")).isEqualTo(List.of());
		}
		assertThat(resolver.keys("openai").primary().secret()).isEqualTo(key(1));
		assertThat(failureCount()).isEqualTo(3.0);
		assertThat(upGauge()).isEqualTo(0.0);
		Map<String, Object> openai = this.context.getBean(ParacleEndpoint.class).provider("openai");
		assertThat(openai).containsEntry("status", "UP");
		assertThat(secretStore(openai)).containsEntry("backend", backend())
			.containsEntry("store", expectedSource())
			.containsEntry("status", "DOWN")
			.containsEntry("consecutiveFailures", 3)
			.containsKeys("lastSuccess", "lastFailure", "lastError");
		assertThat(count(output, "Secret store " + expectedSource() + " cannot be read")).isOne();
		assertThat(output).doesNotContain("found no usable key");

		store().start();
		putOpenAiKey(key(3));
		assertThat(endpoint.refresh().get("changed")).isEqualTo(List.of("openai"));
		endpoint.refresh();
		assertThat(resolver.keys("openai").primary().secret()).isEqualTo(key(3));
		assertThat(secretStore(this.context.getBean(ParacleEndpoint.class).provider("openai")))
			.containsEntry("status", "UP")
			.containsEntry("consecutiveFailures", 0);
		assertThat(failureCount()).isEqualTo(3.0);
		assertThat(upGauge()).isEqualTo(1.0);
		assertThat(count(output, "Secret store " + expectedSource() + " cannot be read")).isOne();
		assertThat(count(output, "Secret store " + expectedSource() + " answers again after 3 failed re-reads"))
			.isOne();
		assertThat(this.events).hasSize(1);
		assertThat(output).doesNotContain(key(1)).doesNotContain(key(3));
	}

	@Test
	void storeWithoutTheKeyFailsStartupLikeAnyMissingKey(CapturedOutput output) {
		putSecretWithoutOpenAiKey();
		assertThatException().isThrownBy(() -> run("--paracle.providers.openai.enabled=true"));
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("paracle-keys found 1 problem with API keys")
			.contains("OPENAI_API_KEY not found");
	}

	ConfigurableApplicationContext run(String... extraArguments) {
		List<String> arguments = new ArrayList<>();
		arguments.add("--spring.profiles.active=" + profile());
		if (List.of(extraArguments).stream().noneMatch((argument) -> argument.startsWith("--paracle.secrets.refresh-interval="))) {
			// Re-reads only when a test asks for one.
			arguments.add("--paracle.secrets.refresh-interval=1h");
		}
		arguments.add("--management.endpoints.web.exposure.include=paracle,health");
		// logback-test.xml logs WARN and above; the outage's recovery line is INFO.
		arguments.add("--logging.level.io.paracle.keys.secrets=INFO");
		arguments.addAll(storeArguments());
		arguments.addAll(List.of(extraArguments));
		ConfigurableApplicationContext started = StoreApplication.run((application) -> {
			application.addListeners((ApplicationListener<ApplicationEvent>) (event) -> {
				if (event instanceof ApiKeysRotatedEvent rotated) {
					this.events.add(rotated);
				}
			});
			customize(application);
		}, arguments);
		this.context = started;
		return started;
	}

	ConfigurableApplicationContext context() {
		return this.context;
	}

	private List<String> switchedOffStores() {
		PropertySource<?> defaults = this.context.getEnvironment()
			.getPropertySources()
			.get(SecretStoreEnvironmentPostProcessor.DEFAULTS_SOURCE_NAME);
		assertThat(defaults).isNotNull();
		List<String> off = new ArrayList<>();
		for (String name : List.of(SecretStoreEnvironmentPostProcessor.VAULT_ENABLED,
				SecretStoreEnvironmentPostProcessor.AWS_ENABLED, SecretStoreEnvironmentPostProcessor.AZURE_ENABLED)) {
			if ("false".equals(defaults.getProperty(name))) {
				off.add(name);
			}
		}
		return off;
	}

	private List<String> otherStoreSwitches() {
		List<String> switches = new ArrayList<>(List.of(SecretStoreEnvironmentPostProcessor.VAULT_ENABLED,
				SecretStoreEnvironmentPostProcessor.AWS_ENABLED, SecretStoreEnvironmentPostProcessor.AZURE_ENABLED));
		switches.remove(switch (backend()) {
			case "vault" -> SecretStoreEnvironmentPostProcessor.VAULT_ENABLED;
			case "aws" -> SecretStoreEnvironmentPostProcessor.AWS_ENABLED;
			default -> SecretStoreEnvironmentPostProcessor.AZURE_ENABLED;
		});
		return switches;
	}

	private double failureCount() {
		return this.context.getBean(MeterRegistry.class)
			.get(SecretStoreMeterBinder.FAILURES)
			.tag("backend", backend())
			.functionCounter()
			.count();
	}

	private double upGauge() {
		return this.context.getBean(MeterRegistry.class).get(SecretStoreMeterBinder.UP).tag("backend", backend())
			.gauge()
			.value();
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> secretStore(Map<String, Object> provider) {
		assertThat(provider).containsKey("secretStore");
		return (Map<String, Object>) provider.get("secretStore");
	}

	private static MappingBuilder accepting(String key) {
		return post(CHAT).atPriority(1)
			.withHeader("Authorization", equalTo("Bearer " + key))
			.willReturn(okJson(ANSWER));
	}

	private static int calls(Map<String, AtomicInteger> callsByKey, String key) {
		AtomicInteger count = callsByKey.get(Fingerprints.of(key));
		return (count != null) ? count.get() : 0;
	}

	static int count(CapturedOutput output, String text) {
		String all = output.getAll();
		int count = 0;
		for (int index = all.indexOf(text); index >= 0; index = all.indexOf(text, index + text.length())) {
			count++;
		}
		return count;
	}

}
