package io.paracle.keys.metrics;

import io.micrometer.observation.ObservationRegistry;
import org.jspecify.annotations.Nullable;

/**
 * Starts the measurement of provider calls: an observation ({@value ApiCallMetrics#OBSERVATION}) when an
 * {@link ObservationRegistry} is in use, so a tracer sees every call, and the meters of {@link ApiCallMetrics}
 * through the {@link ApiCallRecorder} when there is one. With neither, {@link #start} returns a shared no-op
 * call and costs nothing. Only needs {@code micrometer-observation}, which Spring Framework always brings.
 *
 * @author paracle-keys
 */
public final class ApiCallTracker {

	/** A tracker that records nothing. */
	public static final ApiCallTracker NOOP = new ApiCallTracker(ObservationRegistry.NOOP, null, null);

	private static final ApiCallObservationConvention DEFAULT_CONVENTION = new DefaultApiCallObservationConvention();

	private final ObservationRegistry observationRegistry;

	private final @Nullable ApiCallRecorder recorder;

	private final @Nullable ApiCallObservationConvention convention;

	/**
	 * Create a tracker.
	 * @param observationRegistry the observation registry, {@link ObservationRegistry#NOOP} for none
	 * @param recorder the meter recorder, or {@code null} to record no meters
	 * @param convention a convention to use instead of {@link DefaultApiCallObservationConvention}, or
	 * {@code null}
	 */
	public ApiCallTracker(ObservationRegistry observationRegistry, @Nullable ApiCallRecorder recorder,
			@Nullable ApiCallObservationConvention convention) {
		this.observationRegistry = observationRegistry;
		this.recorder = recorder;
		this.convention = convention;
	}

	/**
	 * Start measuring a call. End it with {@link ApiCall#stop()}, in a {@code finally} block.
	 * @param provider the provider configuration name (tag {@value ApiCallMetrics#PROVIDER})
	 * @param providerType the catalog id of the provider, or {@code null} when unknown
	 * @param operation the operation (tag {@value ApiCallMetrics#OPERATION})
	 * @param model the requested model, or {@code null}
	 * @return the call
	 */
	public ApiCall start(String provider, @Nullable String providerType, String operation, @Nullable String model) {
		boolean observe = !this.observationRegistry.isNoop();
		if (!observe && this.recorder == null) {
			return ApiCall.NOOP;
		}
		return new ApiCall(this.recorder, provider, providerType, operation, model,
				observe ? this.observationRegistry : null, this.convention, DEFAULT_CONVENTION);
	}

	/**
	 * Start measuring a call of a provider configuration with the attributes of the OpenTelemetry GenAI
	 * conventions ({@code server.address}, {@code server.port}). End it with {@link ApiCall#stop()}.
	 * @param target the configuration and the server it talks to
	 * @param operation the operation (tag {@value ApiCallMetrics#OPERATION})
	 * @param model the requested model, or {@code null}
	 * @return the call
	 */
	public ApiCall start(GenAiTarget target, String operation, @Nullable String model) {
		boolean observe = !this.observationRegistry.isNoop();
		if (!observe && this.recorder == null) {
			return ApiCall.NOOP;
		}
		return new ApiCall(this.recorder, target, operation, model, observe ? this.observationRegistry : null,
				this.convention, DEFAULT_CONVENTION);
	}

	/**
	 * Return whether this tracker records meters.
	 * @return whether there is a recorder
	 */
	public boolean hasRecorder() {
		return this.recorder != null;
	}

}
