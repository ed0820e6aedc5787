package io.paracle.keys.sample;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.paracle.keys.resolve.ApiKey;
import io.paracle.keys.resolve.ApiKeyResolver;
import io.paracle.keys.resolve.Fingerprints;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 16 item 12, the bounded fault load that {@code ./mvnw verify} runs: 32 concurrent callers for 60 s
 * ({@code -Dparacle.load.duration=...} to change it) against the whole sample (real HTTP on a random port) whose
 * {@code openai} keys live in a mounted-secret directory ({@code configtree}, re-read every 2 s), with three keys
 * and every fault at once:
 * <ul>
 * <li>one key always answers 429 ({@code Retry-After: 2});</li>
 * <li>one key is revoked at the provider at 25 % of the run (401 from then on);</li>
 * <li>at 40 % the store rotates: the revoked key is replaced by a new one;</li>
 * <li>from 50 % the store is down for 10 s (the file is gone), then back;</li>
 * <li>one answer in twenty is drip-fed in chunks over 1.5 s (slower than the rest, within {@code timeout}).</li>
 * </ul>
 * There is always a usable key, so every call must succeed, within {@code call-timeout}; the heap after the run
 * (after a full GC) must be within 10 % of the heap before it. The figures (calls, p50/p99, failures by cause, what
 * the provider answered per key, the call meters) are printed; README's reliability section holds one run's.
 */
class SampleFaultLoadTests {

	private static final int CALLERS = 32;

	private static final Duration RUN = Duration.parse("PT" + System.getProperty("paracle.load.duration", "60s"));

	private static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);

	private static final Duration STORE_OUTAGE = Duration.ofSeconds(10);

	private static final String RATE_LIMITED = "sk-load-rate-limited-0001";

	private static final String REVOKED = "sk-load-revoked-mid-run-0002";

	private static final String GOOD = "sk-load-always-good-0003";

	private static final String ROTATED_IN = "sk-load-rotated-in-0004";

	private static final String BODY = "{\"message\": \"load\"}";

	@TempDir
	Path secrets;

	@Test
	void everyCallWithAUsableKeySucceedsWithinItsDeadlineAndTheHeapStaysFlat() throws Exception {
		Path keyFile = this.secrets.resolve("OPENAI_API_KEY");
		Files.writeString(keyFile, String.join(",", RATE_LIMITED, REVOKED, GOOD));
		try (FaultyOpenAiServer provider = new FaultyOpenAiServer(RATE_LIMITED, REVOKED, GOOD, ROTATED_IN);
				ConfigurableApplicationContext context = start(provider, this.secrets)) {
			int port = ((WebServerApplicationContext) context).getWebServer().getPort();
			HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
			URI uri = URI.create("http://127.0.0.1:" + port + "/api/v1/agents/test");

			Load warmUp = run(http, uri, Duration.ofSeconds(3), new Load(), () -> {
			});
			// made before the heap is measured: the latencies it records do not count as growth
			Load load = new Load();
			long heapBefore = heapAfterGc();
			long started = System.nanoTime();
			run(http, uri, RUN, load, () -> faults(provider, keyFile, started));
			long heapAfter = heapAfterGc();

			List<String> fingerprints = context.getBean(ApiKeyResolver.class)
				.keys("openai")
				.keys()
				.stream()
				.map(ApiKey::fingerprint)
				.toList();
			String figures = figures(load, provider, context.getBean(MeterRegistry.class), heapBefore, heapAfter);
			System.out.println(figures);

			assertThat(warmUp.failures).as("warm-up failures").isEmpty();
			assertThat(load.failures).as(figures).isEmpty();
			assertThat(load.calls()).as("calls").isGreaterThan(CALLERS);
			assertThat(load.maxNanos()).as("slowest call, within call-timeout").isLessThan(CALL_TIMEOUT.toNanos());
			assertThat(heapAfter).as(figures).isLessThanOrEqualTo((long) (heapBefore * 1.10));
			// every fault happened, and the keys ended where the store says
			assertThat(provider.count(RATE_LIMITED, "429")).isPositive();
			assertThat(provider.count(REVOKED, "401")).isPositive();
			assertThat(provider.count(ROTATED_IN, "200") + provider.count(ROTATED_IN, "200-drip")).isPositive();
			assertThat(provider.count(GOOD, "200-drip") + provider.count(ROTATED_IN, "200-drip")).isPositive();
			assertThat(fingerprints).containsExactly(Fingerprints.of(RATE_LIMITED), Fingerprints.of(ROTATED_IN),
					Fingerprints.of(GOOD));
		}
	}

	/** The fault schedule, run on its own thread while the callers call. */
	private static void faults(FaultyOpenAiServer provider, Path keyFile, long started) {
		try {
			sleepUntil(started, RUN.multipliedBy(25).dividedBy(100));
			provider.revoke(REVOKED);
			sleepUntil(started, RUN.multipliedBy(40).dividedBy(100));
			Files.writeString(keyFile, String.join(",", RATE_LIMITED, ROTATED_IN, GOOD));
			sleepUntil(started, RUN.dividedBy(2));
			String rotated = Files.readString(keyFile);
			Files.delete(keyFile);
			sleepUntil(started, RUN.dividedBy(2).plus(STORE_OUTAGE));
			Files.writeString(keyFile, rotated);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (Exception ex) {
			throw new IllegalStateException("Fault schedule failed", ex);
		}
	}

	private static ConfigurableApplicationContext start(FaultyOpenAiServer provider, Path store) {
		return new SpringApplicationBuilder(SampleApplication.class)
			// a key exported on the build machine must not win over the store
			.initializers((context) -> context.getEnvironment()
				.getPropertySources()
				.replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
						new SystemEnvironmentPropertySource(
								StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, Map.of())))
			.run("--server.port=0", "--spring.config.import=optional:configtree:" + store + "/",
					"--paracle.keys.dotenv.enabled=false", "--paracle.providers.openai.base-url=" + provider.baseUrl(),
					"--paracle.providers.openai.timeout=5s", "--paracle.providers.openai.call-timeout=" + CALL_TIMEOUT,
					"--paracle.secrets.refresh-interval=2s", "--spring.security.user.password=load-test-only",
					"--logging.level.io.paracle.keys=WARN");
	}

	private static Load run(HttpClient http, URI uri, Duration duration, Load load, Runnable faults)
			throws Exception {
		AtomicBoolean running = new AtomicBoolean(true);
		ExecutorService threads = Executors.newFixedThreadPool(CALLERS + 1);
		try {
			Future<?> schedule = threads.submit(faults);
			List<Future<?>> callers = new ArrayList<>();
			for (int i = 0; i < CALLERS; i++) {
				callers.add(threads.submit(() -> call(http, uri, running, load)));
			}
			Thread.sleep(duration.toMillis());
			running.set(false);
			for (Future<?> caller : callers) {
				caller.get(CALL_TIMEOUT.toSeconds() * 2, TimeUnit.SECONDS);
			}
			schedule.get(5, TimeUnit.SECONDS);
		}
		finally {
			threads.shutdownNow();
		}
		return load;
	}

	private static @Nullable Void call(HttpClient http, URI uri, AtomicBoolean running, Load load) throws InterruptedException {
		HttpRequest request = HttpRequest.newBuilder(uri)
			.header("Content-Type", "application/json")
			.timeout(CALL_TIMEOUT.multipliedBy(2))
			.POST(HttpRequest.BodyPublishers.ofString(BODY))
			.build();
		while (running.get()) {
			long start = System.nanoTime();
			try {
				HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
				load.record(System.nanoTime() - start);
				if (response.statusCode() != 200) {
					load.failures.computeIfAbsent("HTTP " + response.statusCode() + " " + title(response.body()),
							(cause) -> new LongAdder()).increment();
				}
			}
			catch (IOException ex) {
				load.record(System.nanoTime() - start);
				load.failures.computeIfAbsent(ex.getClass().getSimpleName(), (cause) -> new LongAdder()).increment();
			}
			Thread.sleep(5);
		}
		return null;
	}

	private static String title(String problem) {
		int at = problem.indexOf("\"title\":\"");
		return (at < 0) ? "" : problem.substring(at + 9, problem.indexOf('"', at + 9));
	}

	private static long heapAfterGc() throws InterruptedException {
		MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
		long used = Long.MAX_VALUE;
		for (int i = 0; i < 3; i++) {
			System.gc();
			Thread.sleep(200);
			used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
		}
		return used;
	}

	private static void sleepUntil(long started, Duration offset) throws InterruptedException {
		long wait = started + offset.toNanos() - System.nanoTime();
		if (wait > 0) {
			TimeUnit.NANOSECONDS.sleep(wait);
		}
	}

	private static String figures(Load load, FaultyOpenAiServer provider, MeterRegistry registry, long heapBefore,
			long heapAfter) {
		long[] sorted = load.sortedLatencies();
		Map<String, Long> failures = new TreeMap<>();
		load.failures.forEach((cause, count) -> failures.put(cause, count.sum()));
		Map<String, Long> outcomes = registry.find("api.calls")
			.counters()
			.stream()
			.collect(Collectors.groupingBy((counter) -> counter.getId().getTag("outcome") + "/"
					+ counter.getId().getTag("status"), TreeMap::new,
					Collectors.summingLong((Counter counter) -> (long) counter.count())));
		StringBuilder figures = new StringBuilder();
		figures.append(String.format("Fault load: %d callers for %d s: %d calls, %d failed %s%n", CALLERS,
				RUN.toSeconds(), load.calls(), failures.values().stream().mapToLong(Long::longValue).sum(),
				failures));
		figures.append(String.format("  latency: p50 %.1f ms, p99 %.1f ms, max %.1f ms (call-timeout %d s)%n",
				millis(sorted, 0.50), millis(sorted, 0.99), millis(sorted, 1.0), CALL_TIMEOUT.toSeconds()));
		figures.append(String.format("  provider answered: rate-limited key 429 x%d; revoked key 200 x%d, 401 x%d; "
				+ "good key 200 x%d (drip-fed x%d); rotated-in key 200 x%d (drip-fed x%d)%n",
				provider.count(RATE_LIMITED, "429"), provider.count(REVOKED, "200"), provider.count(REVOKED, "401"),
				provider.count(GOOD, "200"), provider.count(GOOD, "200-drip"), provider.count(ROTATED_IN, "200"),
				provider.count(ROTATED_IN, "200-drip")));
		figures.append("  api_calls_total by outcome/status (warm-up included): ").append(outcomes).append('\n');
		figures.append(String.format("  heap after full GC: before %.1f MB, after %.1f MB (%+.1f %%)", mb(heapBefore),
				mb(heapAfter), 100.0 * (heapAfter - heapBefore) / heapBefore));
		return figures.toString();
	}

	private static double millis(long[] sorted, double quantile) {
		if (sorted.length == 0) {
			return 0;
		}
		int index = (int) Math.min(sorted.length - 1, Math.ceil(quantile * sorted.length) - 1);
		return sorted[Math.max(0, index)] / 1_000_000.0;
	}

	private static double mb(long bytes) {
		return bytes / (1024.0 * 1024.0);
	}

	/** What the callers saw: every call's latency (in an array made up front) and the failures by cause. */
	private static final class Load {

		private final long[] latencies = new long[1 << 20];

		private final AtomicInteger calls = new AtomicInteger();

		final Map<String, LongAdder> failures = new ConcurrentHashMap<>();

		void record(long nanos) {
			int index = this.calls.getAndIncrement();
			if (index < this.latencies.length) {
				this.latencies[index] = nanos;
			}
		}

		int calls() {
			return this.calls.get();
		}

		long[] sortedLatencies() {
			long[] sorted = Arrays.copyOf(this.latencies, Math.min(calls(), this.latencies.length));
			Arrays.sort(sorted);
			return sorted;
		}

		long maxNanos() {
			long[] sorted = sortedLatencies();
			return (sorted.length > 0) ? sorted[sorted.length - 1] : 0;
		}

	}

}
