package io.paracle.keys.metrics;

import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import org.jspecify.annotations.Nullable;

/**
 * The OpenTelemetry GenAI client meters: {@value ApiCallMetrics#GEN_AI_OPERATION_DURATION} (seconds) and
 * {@value ApiCallMetrics#TOKEN_USAGE} (tokens), histograms with the bucket boundaries of the conventions, tagged
 * {@code provider} (the configuration name), {@code gen_ai.operation.name}, {@code gen_ai.provider.name} (or
 * {@code gen_ai.system}, {@link GenAiConventions}),
 * {@code gen_ai.request.model}, {@code gen_ai.response.model}, {@code server.address}, {@code server.port}, and
 * {@code error.type} (duration) or {@code gen_ai.token.type} (tokens). Every series of a meter has every tag, as
 * Prometheus requires; a value that is not known (no response model, no error) is the empty string, which
 * Prometheus treats as an absent label. Meters are cached per combination: recording allocates nothing after the
 * first call of a combination. Models are capped at {@value #MAX_MODELS} per configuration (requested) and per
 * requested model (answered); further ones are tagged {@code other}.
 *
 * @author paracle-keys
 */
final class GenAiMeters {

	static final int MAX_MODELS = 100;

	/** Bucket boundaries of {@code gen_ai.client.operation.duration}, in seconds (the conventions' advice). */
	static final double[] DURATION_BUCKETS = { 0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24,
			20.48, 40.96, 81.92 };

	/** Bucket boundaries of {@code gen_ai.client.token.usage} (the conventions' advice). */
	static final double[] TOKEN_BUCKETS = { 1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304,
			16777216, 67108864 };

	private static final Duration[] DURATION_SLOS = Arrays.stream(DURATION_BUCKETS)
		.mapToObj((seconds) -> Duration.ofNanos(Math.round(seconds * 1e9)))
		.toArray(Duration[]::new);

	private static final String OTHER = "other";

	private static final String NONE = "";

	private final MeterRegistry registry;

	private final GenAiConventions conventions;

	private final ConcurrentMap<GenAiTarget, ConcurrentMap<String, ConcurrentMap<String, ModelMeters>>> meters = new ConcurrentHashMap<>();

	GenAiMeters(MeterRegistry registry, GenAiConventions conventions) {
		this.registry = registry;
		this.conventions = conventions;
	}

	/**
	 * Return the {@code gen_ai.operation.name} of an operation, or {@code null} when it is no GenAI operation
	 * (model listings and key checks).
	 */
	static @Nullable String operationName(String operation) {
		return ApiCallMetrics.OPERATION_CHAT.equals(operation) ? ApiCallMetrics.OPERATION_CHAT : null;
	}

	void recordDuration(GenAiTarget target, String operationName, @Nullable String requestModel,
			@Nullable String responseModel, @Nullable String errorType, long durationNanos) {
		meters(target, operationName, requestModel, responseModel).timer((errorType != null) ? errorType : NONE)
			.record(durationNanos, TimeUnit.NANOSECONDS);
	}

	void recordTokens(GenAiTarget target, @Nullable String requestModel, @Nullable String responseModel,
			long inputTokens, long outputTokens) {
		ModelMeters meters = meters(target, ApiCallMetrics.OPERATION_CHAT, requestModel, responseModel);
		meters.input().record(inputTokens);
		meters.output().record(outputTokens);
	}

	private ModelMeters meters(GenAiTarget target, String operationName, @Nullable String requestModel,
			@Nullable String responseModel) {
		ConcurrentMap<String, ConcurrentMap<String, ModelMeters>> byRequest = this.meters.get(target);
		if (byRequest == null) {
			byRequest = this.meters.computeIfAbsent(target, (key) -> new ConcurrentHashMap<>());
		}
		String request = (requestModel != null) ? requestModel : NONE;
		ConcurrentMap<String, ModelMeters> byResponse = byRequest.get(request);
		if (byResponse == null) {
			String tag = (byRequest.size() < MAX_MODELS) ? request : OTHER;
			byResponse = byRequest.computeIfAbsent(tag, (key) -> new ConcurrentHashMap<>());
			request = tag;
		}
		String response = (responseModel != null) ? responseModel : NONE;
		ModelMeters meters = byResponse.get(response);
		if (meters == null) {
			String tag = (byResponse.size() < MAX_MODELS) ? response : OTHER;
			String requestTag = request;
			meters = byResponse.computeIfAbsent(tag,
					(key) -> new ModelMeters(this.registry, this.conventions, target, operationName, requestTag, key));
		}
		return meters;
	}

	/**
	 * The meters of one configuration, requested and answering model: the two token summaries, and one timer per
	 * error type seen so far (an array replaced on write, read without locking).
	 */
	private static final class ModelMeters {

		private final MeterRegistry registry;

		private final Tags tags;

		private volatile @Nullable DistributionSummary input;

		private volatile @Nullable DistributionSummary output;

		private volatile TimerEntry[] timers = new TimerEntry[0];

		ModelMeters(MeterRegistry registry, GenAiConventions conventions, GenAiTarget target, String operationName,
				String requestModel, String responseModel) {
			this.registry = registry;
			this.tags = Tags.of(ApiCallMetrics.PROVIDER, target.provider(), conventions.providerAttribute(),
					conventions.providerName(target.providerType()), ApiCallMetrics.GEN_AI_OPERATION, operationName,
					ApiCallMetrics.GEN_AI_REQUEST_MODEL, requestModel, ApiCallMetrics.GEN_AI_RESPONSE_MODEL,
					responseModel, ApiCallMetrics.SERVER_ADDRESS, target.serverAddress(), ApiCallMetrics.SERVER_PORT,
					target.serverPortTag());
		}

		DistributionSummary input() {
			DistributionSummary input = this.input;
			return (input != null) ? input : addSummaries()[0];
		}

		DistributionSummary output() {
			DistributionSummary output = this.output;
			return (output != null) ? output : addSummaries()[1];
		}

		/**
		 * The token summaries are registered with the first tokens: a combination seen only failing has none.
		 */
		private synchronized DistributionSummary[] addSummaries() {
			DistributionSummary input = this.input;
			DistributionSummary output = this.output;
			if (input == null || output == null) {
				input = summary(this.registry, this.tags, "input");
				output = summary(this.registry, this.tags, "output");
				this.output = output;
				this.input = input;
			}
			return new DistributionSummary[] { input, output };
		}

		Timer timer(String errorType) {
			for (TimerEntry entry : this.timers) {
				if (entry.errorType().equals(errorType)) {
					return entry.timer();
				}
			}
			return add(errorType);
		}

		private synchronized Timer add(String errorType) {
			TimerEntry[] current = this.timers;
			for (TimerEntry entry : current) {
				if (entry.errorType().equals(errorType)) {
					return entry.timer();
				}
			}
			Timer timer = Timer.builder(ApiCallMetrics.GEN_AI_OPERATION_DURATION)
				.description("GenAI operation duration")
				.tags(this.tags)
				.tag(ApiCallMetrics.ERROR_TYPE, errorType)
				.serviceLevelObjectives(DURATION_SLOS)
				.register(this.registry);
			TimerEntry[] next = Arrays.copyOf(current, current.length + 1);
			next[current.length] = new TimerEntry(errorType, timer);
			this.timers = next;
			return timer;
		}

		private static DistributionSummary summary(MeterRegistry registry, Tags tags, String type) {
			return DistributionSummary.builder(ApiCallMetrics.TOKEN_USAGE)
				.description("Tokens used by chat calls to LLM providers")
				.tags(tags)
				.tag(ApiCallMetrics.TOKEN_TYPE, type)
				.serviceLevelObjectives(TOKEN_BUCKETS)
				.register(registry);
		}

	}

	private record TimerEntry(String errorType, Timer timer) {

	}

}
