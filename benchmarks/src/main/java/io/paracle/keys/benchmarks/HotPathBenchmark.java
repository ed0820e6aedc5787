package io.paracle.keys.benchmarks;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.micrometer.observation.ObservationRegistry;
import io.paracle.keys.metrics.ApiCall;
import io.paracle.keys.metrics.ApiCallMetrics;
import io.paracle.keys.metrics.ApiCallRecorder;
import io.paracle.keys.metrics.ApiCallTracker;
import io.paracle.keys.metrics.GenAiTarget;
import io.paracle.keys.provider.ProviderUnavailableException;
import io.paracle.keys.resilience.ClientRateLimiter;
import io.paracle.keys.resilience.KeyPool;
import io.paracle.keys.resilience.KeyPools;
import io.paracle.keys.resolve.ApiKey;
import io.paracle.keys.resolve.ApiKeyResolver;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import org.springframework.context.ConfigurableApplicationContext;

/**
 * The pieces of the hot path of a provider call, one by one, from the beans of a running application
 * ({@link ParacleApplication}, OpenAI with three keys, Boot's Prometheus {@code MeterRegistry} and
 * {@code ObservationRegistry}): what {@code AbstractLlmProvider.chat} does around the HTTP exchange.
 *
 * @author paracle-keys
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(2)
@State(Scope.Benchmark)
public class HotPathBenchmark {

	private static final String OPENAI = "openai";

	/** What the call pipeline measures its calls against: made once per configuration, as there. */
	private static final GenAiTarget TARGET = GenAiTarget.of(OPENAI, OPENAI, "https://api.openai.com/v1");

	private ConfigurableApplicationContext context;

	private ApiKeyResolver resolver;

	private KeyPool pool;

	private KeyPools pools;

	private ClientRateLimiter limiter;

	private ApiCallTracker tracker;

	private ApiCallTracker metersOnly;

	private Retry retry;

	private Supplier<String> answer;

	private String fingerprint;

	/**
	 * Start the application.
	 */
	@Setup(Level.Trial)
	public void setUp() {
		this.context = ParacleApplication.start(ParacleApplication.openAiThreeKeys());
		this.resolver = this.context.getBean(ApiKeyResolver.class);
		this.pools = this.context.getBean(KeyPools.class);
		this.pool = this.pools.pool(OPENAI);
		this.limiter = this.pools.limiter(OPENAI);
		// observed as with a tracer (paracle.metrics.observations=always): the starter's own tracker skips the
		// observation when only meter handlers would see it
		this.tracker = new ApiCallTracker(this.context.getBean(ObservationRegistry.class),
				this.context.getBean(ApiCallRecorder.class), null);
		this.metersOnly = new ApiCallTracker(ObservationRegistry.NOOP, this.context.getBean(ApiCallRecorder.class),
				null);
		// the provider's retry, as CallPipeline builds it for max-retries=2
		this.retry = Retry.of("paracle-openai",
				RetryConfig.custom()
					.maxAttempts(3)
					.intervalFunction(IntervalFunction.ofExponentialRandomBackoff(Duration.ofMillis(500), 2.0, 0.5))
					.retryExceptions(ProviderUnavailableException.class)
					.build());
		this.answer = () -> ChatJson.PROMPT;
		this.fingerprint = this.resolver.keys(OPENAI).primary().fingerprint();
	}

	/**
	 * Close the application.
	 */
	@TearDown(Level.Trial)
	public void tearDown() {
		this.context.close();
	}

	/**
	 * The key read on every call: the current keys of a configuration from the resolver, and the first key.
	 * @return the key
	 */
	@Benchmark
	public ApiKey keyLookup() {
		return this.resolver.keys(OPENAI).primary();
	}

	/**
	 * Key selection among three keys: re-read of the keys, cool-down and rejection checks, round robin, and the
	 * {@code paracle.keys.calls} counter of the chosen key.
	 * @return the key
	 */
	@Benchmark
	public ApiKey keySelect() {
		return this.pool.select();
	}

	/**
	 * One measured call without the call: {@code ApiCallTracker.start}, status, token usage and {@code stop},
	 * which opens and stops the {@code paracle.api.call} observation and records {@code api.calls},
	 * {@code api.call.duration} and the two {@code gen_ai.client.token.usage} summaries with their tags.
	 * @return the call
	 */
	@Benchmark
	public ApiCall meterRecording() {
		ApiCall call = this.tracker.start(TARGET, ApiCallMetrics.OPERATION_CHAT, ChatJson.MODEL);
		call.status(200);
		call.tokens(ChatJson.MODEL, 12, 9);
		call.stop();
		return call;
	}

	/**
	 * {@link #meterRecording()} without an observation: the starter's meters only, as with no
	 * {@code ObservationRegistry}, with observations switched off, or with no handler but meter handlers (the
	 * default {@code paracle.metrics.observations=auto} then skips the observation).
	 * @return the call
	 */
	@Benchmark
	public ApiCall meterRecordingWithoutObservation() {
		ApiCall call = this.metersOnly.start(TARGET, ApiCallMetrics.OPERATION_CHAT, ChatJson.MODEL);
		call.status(200);
		call.tokens(ChatJson.MODEL, 12, 9);
		call.stop();
		return call;
	}

	/**
	 * The client-side limit as every call consults it: a Bucket4j permit (never waits here) and the
	 * {@code paracle.ratelimit.wait} timer.
	 * @return how long the call waited
	 * @throws InterruptedException never
	 */
	@Benchmark
	public Duration rateLimitPermit() throws InterruptedException {
		Duration waited = this.limiter.acquire();
		this.pools.listener().onRateLimitWait(OPENAI, waited, true);
		return waited;
	}

	/**
	 * The last-call record every call leaves for health and the endpoint.
	 * @return the pools
	 */
	@Benchmark
	public KeyPools lastCall() {
		this.pools.recordCall(OPENAI, "success", 200, this.fingerprint);
		return this.pools;
	}

	/**
	 * The resilience4j retry around a call that succeeds at once.
	 * @return the answer
	 */
	@Benchmark
	public String retry() {
		return this.retry.executeSupplier(this.answer);
	}

}
