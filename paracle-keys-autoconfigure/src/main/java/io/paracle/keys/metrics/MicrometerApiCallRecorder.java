package io.paracle.keys.metrics;

import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import org.jspecify.annotations.Nullable;

/**
 * {@link ApiCallRecorder} backed by a Micrometer {@link MeterRegistry}. Meters are registered once per tag
 * combination and cached, so recording a call is two map reads, a scan of a few cached entries and the meter
 * updates: no tags, strings or boxed values are allocated after the first call of a combination.
 * <p>
 * The model tag of {@value ApiCallMetrics#TOKEN_USAGE} is capped at {@value #MAX_MODELS} distinct models per
 * provider; further models are tagged {@code other}.
 *
 * @author paracle-keys
 */
public final class MicrometerApiCallRecorder implements ApiCallRecorder {

	static final int MAX_MODELS = 100;

	private static final String OTHER_MODEL = "other";

	private final MeterRegistry registry;

	private final ConcurrentMap<String, ConcurrentMap<String, CallMeters>> calls = new ConcurrentHashMap<>();

	private final ConcurrentMap<String, ConcurrentMap<String, TokenMeters>> tokens = new ConcurrentHashMap<>();

	/**
	 * Create a recorder.
	 * @param registry the registry to register the meters in
	 */
	public MicrometerApiCallRecorder(MeterRegistry registry) {
		this.registry = registry;
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
		ConcurrentMap<String, TokenMeters> byModel = this.tokens.get(provider);
		if (byModel == null) {
			byModel = this.tokens.computeIfAbsent(provider, (key) -> new ConcurrentHashMap<>());
		}
		TokenMeters meters = byModel.get(model);
		if (meters == null) {
			String tagModel = (byModel.size() < MAX_MODELS) ? model : OTHER_MODEL;
			meters = byModel.computeIfAbsent(tagModel,
					(key) -> new TokenMeters(this.registry, provider, providerType, key));
		}
		meters.input.record(inputTokens);
		meters.output.record(outputTokens);
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

	/**
	 * The input and output token meters of one provider and model.
	 */
	private static final class TokenMeters {

		private final DistributionSummary input;

		private final DistributionSummary output;

		TokenMeters(MeterRegistry registry, String provider, String providerType, String model) {
			Tags tags = Tags.of(ApiCallMetrics.PROVIDER, provider, ApiCallMetrics.GEN_AI_PROVIDER,
					GenAiProviderNames.of(providerType), ApiCallMetrics.GEN_AI_OPERATION, ApiCallMetrics.OPERATION_CHAT,
					ApiCallMetrics.GEN_AI_REQUEST_MODEL, model);
			this.input = summary(registry, tags, "input");
			this.output = summary(registry, tags, "output");
		}

		private static DistributionSummary summary(MeterRegistry registry, Tags tags, String type) {
			return DistributionSummary.builder(ApiCallMetrics.TOKEN_USAGE)
				.description("Tokens used by chat calls to LLM providers")
				.tags(tags)
				.tag(ApiCallMetrics.TOKEN_TYPE, type)
				.register(registry);
		}

	}

}
