package io.paracle.keys.metrics;

import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import org.jspecify.annotations.Nullable;

/**
 * {@link ApiCallRecorder} backed by a Micrometer {@link MeterRegistry}. Meters are registered once per tag
 * combination and cached, so recording a call is two map reads, a scan of a few cached entries and the meter
 * updates: no tags, strings or boxed values are allocated after the first call of a combination.
 * <p>
 * The GenAI meters ({@value ApiCallMetrics#GEN_AI_OPERATION_DURATION}, {@value ApiCallMetrics#TOKEN_USAGE}) cap
 * their model tags at {@value #MAX_MODELS} distinct models per provider; further models are tagged {@code other}.
 *
 * @author paracle-keys
 */
public final class MicrometerApiCallRecorder implements ApiCallRecorder {

	static final int MAX_MODELS = GenAiMeters.MAX_MODELS;

	private static final String OTHER_MODEL = "other";

	/** The bucket boundaries the OpenTelemetry GenAI conventions advise for the time to first chunk, in seconds. */
	private static final Duration[] FIRST_CHUNK_BUCKETS = Stream
		.of(0.001, 0.005, 0.01, 0.02, 0.04, 0.06, 0.08, 0.1, 0.25, 0.5, 0.75, 1.0, 2.5, 5.0, 7.5, 10.0)
		.map((seconds) -> Duration.ofNanos(Math.round(seconds * 1e9)))
		.toArray(Duration[]::new);

	private final MeterRegistry registry;

	private final ConcurrentMap<String, ConcurrentMap<String, CallMeters>> calls = new ConcurrentHashMap<>();

	private final GenAiMeters genAi;

	/** Targets of {@link #recordTokens(String, String, String, long, long)}, which names no server. */
	private final ConcurrentMap<String, GenAiTarget> targetsWithoutServer = new ConcurrentHashMap<>();

	private final ConcurrentMap<String, ConcurrentMap<String, ConcurrentMap<String, Timer>>> firstChunks = new ConcurrentHashMap<>();

	/**
	 * Create a recorder.
	 * @param registry the registry to register the meters in
	 */
	public MicrometerApiCallRecorder(MeterRegistry registry) {
		this(registry, GenAiConventions.LATEST);
	}

	/**
	 * Create a recorder whose GenAI meters follow the given version of the conventions.
	 * @param registry the registry to register the meters in
	 * @param conventions the version of the OpenTelemetry GenAI conventions
	 */
	public MicrometerApiCallRecorder(MeterRegistry registry, GenAiConventions conventions) {
		this.registry = registry;
		this.genAi = new GenAiMeters(registry, conventions);
	}

	@Override
	public void record(String provider, String operation, ApiCallOutcome outcome, int status, long durationNanos) {
		ConcurrentMap<String, CallMeters> byOperation = this.calls.get(provider);
		if (byOperation == null) {
			byOperation = this.calls.computeIfAbsent(provider, (key) -> new ConcurrentHashMap<>());
		}
		CallMeters meters = byOperation.get(operation);
		if (meters == null) {
			meters = byOperation.computeIfAbsent(operation, (key) -> new CallMeters(this.registry, provider, key));
		}
		meters.record(outcome, (status >= 100 && status <= 599) ? status : 0, durationNanos);
	}

	@Override
	public void recordTokens(String provider, String providerType, String model, long inputTokens,
			long outputTokens) {
		GenAiTarget target = this.targetsWithoutServer.get(provider);
		if (target == null || !target.providerType().equals(providerType)) {
			target = GenAiTarget.of(provider, providerType, null);
			this.targetsWithoutServer.put(provider, target);
		}
		this.genAi.recordTokens(target, model, null, inputTokens, outputTokens);
	}

	@Override
	public void recordTokens(GenAiTarget target, @Nullable String requestModel, @Nullable String responseModel,
			long inputTokens, long outputTokens) {
		this.genAi.recordTokens(target, requestModel, responseModel, inputTokens, outputTokens);
	}

	@Override
	public void recordOperation(GenAiTarget target, String operation, @Nullable String requestModel,
			@Nullable String responseModel, @Nullable String errorType, long durationNanos) {
		String operationName = GenAiMeters.operationName(operation);
		if (operationName != null) {
			this.genAi.recordDuration(target, operationName, requestModel, responseModel, errorType, durationNanos);
		}
	}

	/**
	 * Record {@value ApiCallMetrics#TIME_TO_FIRST_CHUNK}: a histogram in seconds with the bucket boundaries the
	 * OpenTelemetry GenAI conventions advise (1 ms to 10 s), tagged {@code provider}, {@code gen_ai.operation.name},
	 * {@code gen_ai.provider.name} and {@code gen_ai.request.model} (capped at {@value #MAX_MODELS} models per
	 * provider, as the token usage).
	 */
	@Override
	public void recordTimeToFirstChunk(String provider, @Nullable String providerType, String operation,
			@Nullable String model, long nanos) {
		ConcurrentMap<String, ConcurrentMap<String, Timer>> byOperation = this.firstChunks.get(provider);
		if (byOperation == null) {
			byOperation = this.firstChunks.computeIfAbsent(provider, (key) -> new ConcurrentHashMap<>());
		}
		ConcurrentMap<String, Timer> byModel = byOperation.get(operation);
		if (byModel == null) {
			byModel = byOperation.computeIfAbsent(operation, (key) -> new ConcurrentHashMap<>());
		}
		String requested = (model != null) ? model : OTHER_MODEL;
		Timer timer = byModel.get(requested);
		if (timer == null) {
			String tagModel = (byModel.size() < MAX_MODELS) ? requested : OTHER_MODEL;
			String genAiProvider = GenAiProviderNames.of((providerType != null) ? providerType : provider);
			timer = byModel.computeIfAbsent(tagModel, (key) -> Timer.builder(ApiCallMetrics.TIME_TO_FIRST_CHUNK)
				.description("Time from the start of a streamed call to LLM providers to its first chunk")
				.tags(ApiCallMetrics.PROVIDER, provider, ApiCallMetrics.GEN_AI_OPERATION, operation,
						ApiCallMetrics.GEN_AI_PROVIDER, genAiProvider, ApiCallMetrics.GEN_AI_REQUEST_MODEL, key)
				.serviceLevelObjectives(FIRST_CHUNK_BUCKETS)
				.register(this.registry));
		}
		timer.record(nanos, TimeUnit.NANOSECONDS);
	}

	/**
	 * The meters of one provider and operation, one entry per outcome and status seen so far. The entries are
	 * an array replaced on write, read without locking.
	 */
	private static final class CallMeters {

		private final MeterRegistry registry;

		private final Tags tags;

		private volatile Entry[] entries = new Entry[0];

		CallMeters(MeterRegistry registry, String provider, String operation) {
			this.registry = registry;
			this.tags = Tags.of(ApiCallMetrics.PROVIDER, provider, ApiCallMetrics.OPERATION, operation);
		}

		void record(ApiCallOutcome outcome, int status, long durationNanos) {
			Entry entry = find(this.entries, outcome, status);
			if (entry == null) {
				entry = add(outcome, status);
			}
			entry.counter.increment();
			entry.timer.record(durationNanos, TimeUnit.NANOSECONDS);
		}

		private static @Nullable Entry find(Entry[] entries, ApiCallOutcome outcome, int status) {
			for (Entry entry : entries) {
				if (entry.outcome == outcome && entry.status == status) {
					return entry;
				}
			}
			return null;
		}

		private synchronized Entry add(ApiCallOutcome outcome, int status) {
			Entry[] current = this.entries;
			Entry entry = find(current, outcome, status);
			if (entry != null) {
				return entry;
			}
			Tags tags = this.tags.and(ApiCallMetrics.OUTCOME, outcome.tagValue(), ApiCallMetrics.STATUS,
					(status != 0) ? Integer.toString(status) : ApiCallMetrics.STATUS_NONE);
			Counter counter = Counter.builder(ApiCallMetrics.CALLS)
				.description("Calls to LLM provider APIs")
				.tags(tags)
				.register(this.registry);
			Timer timer = Timer.builder(ApiCallMetrics.DURATION)
				.description("Latency of calls to LLM provider APIs")
				.tags(tags)
				.register(this.registry);
			entry = new Entry(outcome, status, counter, timer);
			Entry[] next = Arrays.copyOf(current, current.length + 1);
			next[current.length] = entry;
			this.entries = next;
			return entry;
		}

	}

	private record Entry(ApiCallOutcome outcome, int status, Counter counter, Timer timer) {

	}

}
