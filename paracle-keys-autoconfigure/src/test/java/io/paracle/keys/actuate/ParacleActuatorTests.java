package io.paracle.keys.actuate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.paracle.keys.autoconfigure.LlmProviderAutoConfiguration;
import io.paracle.keys.autoconfigure.ParacleKeysAutoConfiguration;
import io.paracle.keys.refresh.KeySourceReload;
import io.paracle.keys.resilience.KeyPool;
import io.paracle.keys.resilience.KeyPools;
import io.paracle.keys.resolve.ApiKeyResolver;
import io.paracle.keys.resolve.Fingerprints;
import io.paracle.keys.resolve.ProviderKeys;
import io.paracle.keys.testsupport.MutableClock;
import io.paracle.keys.testsupport.TestEnvironments;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.audit.listener.AuditApplicationEvent;
import org.springframework.boot.actuate.endpoint.SanitizableData;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationListener;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The {@code paracle} endpoint, health contributor, audit events and sanitizing function.
 */
class ParacleActuatorTests {

	private static final String KEY = "sk-actuator-canary-0001";

	private static final String SECOND = "sk-actuator-canary-0002";

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(ParacleKeysAutoConfiguration.class, ParacleActuatorAutoConfiguration.class))
		.withPropertyValues("management.endpoints.web.exposure.include=*",
				"paracle.providers.openai.api-keys=" + KEY + "," + SECOND,
				"paracle.providers.openai.key-created=2020-01-01", "paracle.providers.groq.api-key=gsk_canary000001");

	@Test
	void endpointListsProvidersWithOriginFingerprintsAndAgeButNoKey() {
		this.contextRunner.run((context) -> {
			Map<String, Object> result = context.getBean(ParacleEndpoint.class).providers();
			@SuppressWarnings("unchecked")
			Map<String, Map<String, Object>> providers = (Map<String, Map<String, Object>>) result.get("providers");
			assertThat(providers).containsOnlyKeys("openai", "groq");
			Map<String, Object> openai = providers.get("openai");
			assertThat(openai).containsEntry("status", "UP")
				.containsEntry("type", "openai")
				.containsEntry("origin", "paracle.providers.openai.api-keys")
				.containsEntry("keyCount", 2)
				.containsEntry("fingerprints", List.of(Fingerprints.of(KEY), Fingerprints.of(SECOND)))
				.containsEntry("rotationDue", true);
			assertThat(result.toString()).doesNotContain(KEY).doesNotContain(SECOND).doesNotContain("gsk_canary000001");
		});
	}

	@Test
	void endpointShowsOneProviderAndNullForUnknown() {
		this.contextRunner.run((context) -> {
			ParacleEndpoint endpoint = context.getBean(ParacleEndpoint.class);
			assertThat(endpoint.provider("groq")).containsEntry("keyCount", 1);
			assertThat(endpoint.provider("nope")).isNull();
		});
	}

	@Test
	void writeOperationReReadsKeys() {
		this.contextRunner.run((context) -> {
			context.getEnvironment()
				.getPropertySources()
				.addFirst(new MapPropertySource("rotated",
						Map.of("paracle.providers.groq.api-key", "gsk_rotated00000001")));
			Map<String, Object> result = context.getBean(ParacleEndpoint.class).refresh();
			assertThat(result.get("changed")).isEqualTo(List.of("groq"));
			assertThat(result.toString()).contains(Fingerprints.of("gsk_rotated00000001"))
				.doesNotContain("gsk_rotated00000001");
		});
	}

	@Test
	void fiftyConcurrentPostsReadTheStoreOnce() throws Exception {
		CountingStore store = new CountingStore();
		this.contextRunner.withBean(KeySourceReload.class, () -> store).run((context) -> {
			ParacleEndpoint endpoint = context.getBean(ParacleEndpoint.class);
			context.getEnvironment()
				.getPropertySources()
				.addFirst(new MapPropertySource("rotated",
						Map.of("paracle.providers.groq.api-key", "gsk_rotated00000001")));
			List<Map<String, Object>> answers = postConcurrently(endpoint, 50);
			assertThat(store.reads).hasValue(1);
			// the POSTs that shared the re-read report its change; those after it, within the interval, none
			assertThat(answers).allSatisfy((answer) -> assertThat(answer.get("changed"))
				.isEqualTo(Boolean.TRUE.equals(answer.get("reRead")) ? List.of("groq") : List.of()));
			assertThat(answers).filteredOn((answer) -> Boolean.TRUE.equals(answer.get("reRead"))).isNotEmpty();
			assertThat(answers.stream().map((answer) -> answer.get("readAt")).distinct()).hasSize(1);
		});
	}

	@Test
	void postWithinTheMinimumIntervalAnswersWithTheLastReadAndWhenTheNextMayHappen() {
		CountingStore store = new CountingStore();
		MutableClock clock = new MutableClock(Instant.parse("2026-12-01T12:00:00Z"));
		this.contextRunner.withBean(KeySourceReload.class, () -> store)
			.withBean(Clock.class, () -> clock)
			.withPropertyValues("paracle.secrets.min-refresh-interval=30s")
			.run((context) -> {
				ParacleEndpoint endpoint = context.getBean(ParacleEndpoint.class);
				Map<String, Object> first = endpoint.refresh();
				assertThat(first).containsEntry("reRead", true)
					.containsEntry("readAt", "2026-12-01T12:00:00Z")
					.containsEntry("nextReadAt", "2026-12-01T12:00:30Z")
					.doesNotContainKey("note");
				clock.advance(Duration.ofSeconds(29));
				Map<String, Object> tooSoon = endpoint.refresh();
				assertThat(store.reads).hasValue(1);
				assertThat(tooSoon).containsEntry("reRead", false)
					.containsEntry("changed", List.of())
					.containsEntry("readAt", "2026-12-01T12:00:00Z")
					.containsEntry("nextReadAt", "2026-12-01T12:00:30Z")
					.containsEntry("note", "Not read again: the keys were re-read at 2026-12-01T12:00:00Z, less than "
							+ "paracle.secrets.min-refresh-interval ago; nothing was read or cleared. The next "
							+ "POST re-reads from 2026-12-01T12:00:30Z.");
				clock.advance(Duration.ofSeconds(1));
				assertThat(endpoint.refresh()).containsEntry("reRead", true);
				assertThat(store.reads).hasValue(2);
			});
	}

	@Test
	void postsWhileAReReadIsInFlightShareItEvenWithoutAMinimumInterval() throws Exception {
		CountDownLatch release = new CountDownLatch(1);
		CountingStore store = new CountingStore(release);
		this.contextRunner.withBean(KeySourceReload.class, () -> store)
			.withPropertyValues("paracle.secrets.min-refresh-interval=0s")
			.run((context) -> {
				ParacleEndpoint endpoint = context.getBean(ParacleEndpoint.class);
				Thread first = new Thread(endpoint::refresh);
				first.start();
				await().atMost(Duration.ofSeconds(10)).until(() -> store.reads.get() == 1);
				List<Thread> others = new ArrayList<>();
				for (int i = 0; i < 49; i++) {
					Thread other = new Thread(endpoint::refresh);
					others.add(other);
					other.start();
				}
				// every other POST waits for the re-read in flight
				await().atMost(Duration.ofSeconds(10))
					.until(() -> others.stream().allMatch((other) -> other.getState() == Thread.State.WAITING));
				release.countDown();
				first.join(10_000);
				for (Thread other : others) {
					other.join(10_000);
				}
				assertThat(store.reads).hasValue(1);
				assertThat(endpoint.refresh()).containsEntry("reRead", true);
				assertThat(store.reads).hasValue(2);
			});
	}

	private static List<Map<String, Object>> postConcurrently(ParacleEndpoint endpoint, int count) throws Exception {
		ExecutorService threads = Executors.newFixedThreadPool(count);
		try {
			CyclicBarrier start = new CyclicBarrier(count);
			List<Future<Map<String, Object>>> posts = new ArrayList<>();
			for (int i = 0; i < count; i++) {
				posts.add(threads.submit(() -> {
					start.await(10, TimeUnit.SECONDS);
					return endpoint.refresh();
				}));
			}
			List<Map<String, Object>> answers = new ArrayList<>();
			for (Future<Map<String, Object>> post : posts) {
				answers.add(post.get(10, TimeUnit.SECONDS));
			}
			return answers;
		}
		finally {
			threads.shutdownNow();
		}
	}

	/**
	 * A secret store that counts its reads; a read waits for the latch, when there is one.
	 */
	static class CountingStore implements KeySourceReload {

		final AtomicInteger reads = new AtomicInteger();

		private final CountDownLatch release;

		CountingStore() {
			this(new CountDownLatch(0));
		}

		CountingStore(CountDownLatch release) {
			this.release = release;
		}

		@Override
		public void reload() {
			this.reads.incrementAndGet();
			try {
				this.release.await(10, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}

	}

	@Test
	void healthHasOneComponentPerProviderUpWithDetails() {
		this.contextRunner.run((context) -> {
			CompositeHealthContributor health = context.getBean("paracleHealthContributor",
					CompositeHealthContributor.class);
			Health openai = ((HealthIndicator) health.getContributor("openai")).health();
			assertThat(openai.getStatus()).isEqualTo(Status.UP);
			assertThat(openai.getDetails()).containsEntry("keyCount", 2).containsEntry("rotationDue", true);
			assertThat(health.getContributor("groq")).isNotNull();
			assertThat(openai.toString()).doesNotContain(KEY);
		});
	}

	@Test
	void healthIsDownWhenNoKeyIsUsable() {
		this.contextRunner.withBean(ProviderStateContributor.class, () -> new ProviderStateContributor() {

			@Override
			public void contribute(String provider, Map<String, Object> details) {
				details.put("rejected", List.of(Fingerprints.of(KEY), Fingerprints.of(SECOND)));
			}

			@Override
			public boolean hasUsableKey(String provider) {
				return !provider.equals("openai");
			}

		}).run((context) -> {
			CompositeHealthContributor health = context.getBean("paracleHealthContributor",
					CompositeHealthContributor.class);
			Health openai = ((HealthIndicator) health.getContributor("openai")).health();
			assertThat(openai.getStatus()).isEqualTo(Status.DOWN);
			assertThat(openai.getDetails()).containsKey("rejected");
			assertThat(((HealthIndicator) health.getContributor("groq")).health().getStatus()).isEqualTo(Status.UP);
		});
	}

	@Test
	void healthIsDownWhenTheProviderRefusedEveryKey() {
		this.contextRunner.withConfiguration(AutoConfigurations.of(LlmProviderAutoConfiguration.class))
			.run((context) -> {
				KeyPool pool = context.getBean(KeyPools.class).pool("openai");
				context.getBean(ApiKeyResolver.class).keys("openai").keys().forEach((key) -> pool.reject(key, 401));
				CompositeHealthContributor health = context.getBean("paracleHealthContributor",
						CompositeHealthContributor.class);
				Health openai = ((HealthIndicator) health.getContributor("openai")).health();
				assertThat(openai.getStatus()).isEqualTo(Status.DOWN);
				assertThat(openai.getDetails()).containsEntry("rejected",
						List.of(Fingerprints.of(KEY), Fingerprints.of(SECOND)));
				assertThat(((HealthIndicator) health.getContributor("groq")).health().getStatus())
					.isEqualTo(Status.UP);
				assertThat(openai.toString()).doesNotContain(KEY).doesNotContain(SECOND);
			});
	}

	@Test
	void aRouteIsUpWhileAnyMemberIsUpAndTheEndpointListsItsMembers() {
		this.contextRunner.withConfiguration(AutoConfigurations.of(LlmProviderAutoConfiguration.class))
			.withPropertyValues("paracle.routes.fast.providers=openai,groq",
					"paracle.routes.fast.models.groq=llama-3.1-8b-instant")
			.run((context) -> {
				CompositeHealthContributor health = context.getBean("paracleHealthContributor",
						CompositeHealthContributor.class);
				ParacleEndpoint endpoint = context.getBean(ParacleEndpoint.class);
				assertThat(((HealthIndicator) health.getContributor("fast")).health().getStatus())
					.isEqualTo(Status.UP);
				KeyPool openai = context.getBean(KeyPools.class).pool("openai");
				context.getBean(ApiKeyResolver.class).keys("openai").keys().forEach((key) -> openai.reject(key, 401));
				Health fast = ((HealthIndicator) health.getContributor("fast")).health();
				assertThat(fast.getStatus()).as("groq is still up").isEqualTo(Status.UP);
				assertThat(fast.getDetails()).containsEntry("members",
						List.of(Map.of("provider", "openai", "status", "DOWN"),
								Map.of("provider", "groq", "status", "UP", "model", "llama-3.1-8b-instant")));
				assertThat(endpoint.providers()).containsEntry("routes", Map.of("fast", Map.of("status", "UP", "members",
						List.of(Map.of("provider", "openai", "status", "DOWN"),
								Map.of("provider", "groq", "status", "UP", "model", "llama-3.1-8b-instant")))));
				assertThat(endpoint.provider("fast")).containsEntry("status", "UP");
				KeyPool groq = context.getBean(KeyPools.class).pool("groq");
				context.getBean(ApiKeyResolver.class).keys("groq").keys().forEach((key) -> groq.reject(key, 401));
				assertThat(((HealthIndicator) health.getContributor("fast")).health().getStatus())
					.as("every member down").isEqualTo(Status.DOWN);
				assertThat(endpoint.providers().toString()).doesNotContain(KEY).doesNotContain("gsk_canary000001");
			});
	}

	@Test
	void withoutRoutesTheEndpointHasNoRoutesEntry() {
		this.contextRunner.withConfiguration(AutoConfigurations.of(LlmProviderAutoConfiguration.class))
			.run((context) -> assertThat(context.getBean(ParacleEndpoint.class).providers()).containsOnlyKeys("providers"));
	}

	@Test
	void healthIsDownWhenTheProviderHasNoKey() {
		this.contextRunner
			.withBean(ApiKeyResolver.class,
					() -> new KeysGoneResolver(TestEnvironments.of("paracle.providers.openai.api-key=" + KEY)))
			.run((context) -> {
				CompositeHealthContributor health = context.getBean("paracleHealthContributor",
						CompositeHealthContributor.class);
				Health openai = ((HealthIndicator) health.getContributor("openai")).health();
				assertThat(openai.getStatus()).isEqualTo(Status.DOWN);
				assertThat(openai.getDetails()).containsEntry("origin", "none").containsEntry("keyCount", 0);
			});
	}

	@Test
	void healthContributorCanBeSwitchedOff() {
		this.contextRunner.withPropertyValues("management.health.paracle.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean("paracleHealthContributor"));
	}

	@Test
	void auditEventsForResolvedAndRotatedKeys() {
		List<AuditApplicationEvent> events = new ArrayList<>();
		this.contextRunner
			.withBean(ApplicationListener.class, () -> (ApplicationListener<AuditApplicationEvent>) events::add)
			.run((context) -> {
				KeyAuditListener listener = context.getBean(KeyAuditListener.class);
				listener.onReady(null);
				context.getEnvironment()
					.getPropertySources()
					.addFirst(new MapPropertySource("rotated",
							Map.of("paracle.providers.groq.api-key", "gsk_rotated00000001")));
				context.getBean(ParacleEndpoint.class).refresh();
				listener.rejected("groq", Fingerprints.of("gsk_rotated00000001"), "rotated", 401);
				assertThat(events).extracting((event) -> event.getAuditEvent().getType())
					.containsExactly("API_KEY_RESOLVED", "API_KEY_RESOLVED", "API_KEY_ROTATED", "API_KEY_REJECTED");
				assertThat(events.get(2).getAuditEvent().getData()).containsEntry("provider", "groq")
					.containsEntry("previousFingerprints", List.of(Fingerprints.of("gsk_canary000001")))
					.containsEntry("fingerprints", List.of(Fingerprints.of("gsk_rotated00000001")));
				assertThat(events.toString()).doesNotContain("gsk_canary000001").doesNotContain(KEY);
			});
	}

	@Test
	void sanitizingFunctionMasksKeyPropertiesVariablesAndKeyValues() {
		this.contextRunner.run((context) -> {
			KeySanitizingFunction function = context.getBean(KeySanitizingFunction.class);
			SystemEnvironmentPropertySource env = new SystemEnvironmentPropertySource("systemEnvironment", Map.of());
			assertThat(sanitize(function, env, "paracle.providers.openai.api-key", "x")).isEqualTo("******");
			assertThat(sanitize(function, env, "paracle.providers.openai.api-keys[1]", "x")).isEqualTo("******");
			assertThat(sanitize(function, env, "OPENAI_API_KEY", "anything")).isEqualTo("******");
			assertThat(sanitize(function, env, "openai-api-key", "anything")).isEqualTo("******");
			assertThat(sanitize(function, env, "CLAUDE_API_KEY", "anything")).isEqualTo("******");
			assertThat(sanitize(function, env, "AWS_SECRET_ACCESS_KEY", "anything")).isEqualTo("******");
			assertThat(sanitize(function, env, "SOME_OTHER_NAME", KEY)).isEqualTo("******");
			assertThat(sanitize(function, env, "JAVA_OPTS", "-Dx=" + SECOND)).isEqualTo("******");
			assertThat(sanitize(function, env, "HOME", "/root")).isEqualTo("/root");
			assertThat(sanitize(function, env, "OPENAI_API_KEY_FILE", "/run/secrets/openai_api_key"))
				.isEqualTo("/run/secrets/openai_api_key");
			// every spelling Boot binds to paracle.providers.*.api-key(s), even of a provider that is switched off
			assertThat(sanitize(function, env, "PARACLE_PROVIDERS_COHERE_APIKEY", "NoShapeNeverResolved"))
				.isEqualTo("******");
			assertThat(sanitize(function, env, "PARACLE_PROVIDERS_OPENAI_APIKEYS_0_", "x")).isEqualTo("******");
			assertThat(sanitize(function, env, "paracle.providers.openai-eu.apiKeys[0]", "x")).isEqualTo("******");
			assertThat(sanitize(function, env, "PARACLE_PROVIDERS_BEDROCK_SECRETACCESSKEY", "x")).isEqualTo("******");
			assertThat(sanitize(function, env, "PARACLE_PROVIDERS_OPENAI_APIKEYFILE", "/run/secrets/k"))
				.isEqualTo("/run/secrets/k");
			assertThat(sanitize(function, env, "PARACLE_PROVIDERS_OPENAI_BASEURL", "https://example.com"))
				.isEqualTo("https://example.com");
		});
	}

	/**
	 * A resolver (users may declare their own) whose keys are gone after startup.
	 */
	static class KeysGoneResolver extends ApiKeyResolver {

		KeysGoneResolver(ConfigurableEnvironment environment) {
			super(environment, null);
		}

		@Override
		public ProviderKeys keys(String name) {
			return new ProviderKeys(name, List.of());
		}

	}

	private static Object sanitize(KeySanitizingFunction function, SystemEnvironmentPropertySource source, String key,
			String value) {
		return function.apply(new SanitizableData(source, key, value)).getValue();
	}

}
