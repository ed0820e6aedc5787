package io.paracle.keys.metrics;

import java.lang.management.ManagementFactory;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link MicrometerApiCallRecorder}.
 */
class MicrometerApiCallRecorderTests {

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private final MicrometerApiCallRecorder recorder = new MicrometerApiCallRecorder(this.registry);

	@Test
	void registersOneCounterAndTimerPerTagCombinationAndMapsUnknownStatusesToNone() {
		this.recorder.record("openai", "chat", ApiCallOutcome.SUCCESS, 200, 1_000_000);
		this.recorder.record("openai", "chat", ApiCallOutcome.SUCCESS, 200, 3_000_000);
		this.recorder.record("openai", "chat", ApiCallOutcome.IO_ERROR, 0, 5_000_000);
		this.recorder.record("openai", "chat", ApiCallOutcome.SUCCESS, 42, 1);
		assertThat(this.registry.get("api.calls").tag("status", "200").counter().count()).isEqualTo(2);
		assertThat(this.registry.get("api.calls").tags("outcome", "io_error", "status", "none").counter().count())
			.isEqualTo(1);
		assertThat(this.registry.get("api.calls").tags("outcome", "success", "status", "none").counter().count())
			.isEqualTo(1);
		assertThat(this.registry.get("api.call.duration").tag("status", "200").timer().mean(TimeUnit.MILLISECONDS))
			.isEqualTo(2);
		assertThat(this.registry.find("api.calls").counters()).hasSize(3);
	}

	@Test
	void capsTheModelsOfTokenUsagePerProvider() {
		for (int i = 0; i < MicrometerApiCallRecorder.MAX_MODELS + 20; i++) {
			this.recorder.recordTokens("openai", "openai", "model-" + i, 1, 2);
		}
		assertThat(this.registry.find("gen_ai.client.token.usage").tag("gen_ai.token.type", "input").summaries())
			.hasSize(MicrometerApiCallRecorder.MAX_MODELS + 1);
		assertThat(this.registry.get("gen_ai.client.token.usage")
			.tags("gen_ai.request.model", "other", "gen_ai.token.type", "output")
			.summary()
			.totalAmount()).isEqualTo(40);
	}

	@Test
	void genAiMetersHaveTheConventionsAttributesAndOneDurationPerErrorType() {
		GenAiTarget target = GenAiTarget.of("azure-eu", "azure-openai", "https://eu.openai.azure.com");
		this.recorder.recordOperation(target, "chat", "gpt-4o", "gpt-4o-2024-08-06", null, 2_000_000);
		this.recorder.recordOperation(target, "chat", "gpt-4o", null, "503", 3_000_000);
		this.recorder.recordOperation(target, "chat", "gpt-4o", null, "503", 3_000_000);
		this.recorder.recordOperation(target, "models", null, null, null, 1_000_000);
		assertThat(this.registry.find("gen_ai.client.operation.duration").timers()).hasSize(2);
		assertThat(this.registry.get("gen_ai.client.operation.duration").tag("error.type", "503").timer())
			.satisfies((failed) -> {
				assertThat(failed.count()).isEqualTo(2);
				assertThat(failed.getId().getTags()).extracting(Object::toString)
					.containsExactlyInAnyOrder("tag(error.type=503)", "tag(gen_ai.operation.name=chat)",
							"tag(gen_ai.provider.name=azure.ai.openai)", "tag(gen_ai.request.model=gpt-4o)",
							"tag(gen_ai.response.model=)", "tag(provider=azure-eu)",
							"tag(server.address=eu.openai.azure.com)", "tag(server.port=443)");
			});
		assertThat(this.registry.get("gen_ai.client.operation.duration").tag("error.type", "").timer()
			.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(2);
		assertThat(this.registry.find("gen_ai.client.token.usage").summaries()).as("no tokens were recorded").isEmpty();
	}

	@Test
	void usesOpenTelemetryProviderNames() {
		this.recorder.recordTokens("gemini-eu", "gemini", "gemini-2.0-flash", 1, 2);
		assertThat(this.registry.get("gen_ai.client.token.usage").tag("provider", "gemini-eu").summary().getId()
			.getTag("gen_ai.provider.name")).isEqualTo("gcp.gemini");
	}

	@Test
	void recordingAKnownCombinationAllocatesNothing() {
		com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory
			.getThreadMXBean();
		GenAiTarget target = GenAiTarget.of("openai", "openai", "https://api.openai.com/v1");
		for (int i = 0; i < 50_000; i++) {
			this.recorder.record("openai", "chat", ApiCallOutcome.SUCCESS, 200, 1_000);
			this.recorder.recordTokens("openai", "openai", "gpt-4o-mini", 10, 20);
			this.recorder.recordOperation(target, "chat", "gpt-4o-mini", "gpt-4o-mini-2024-07-18", null, 1_000);
			this.recorder.recordTokens(target, "gpt-4o-mini", "gpt-4o-mini-2024-07-18", 10, 20);
		}
		long thread = Thread.currentThread().getId();
		long before = threads.getThreadAllocatedBytes(thread);
		for (int i = 0; i < 10_000; i++) {
			this.recorder.record("openai", "chat", ApiCallOutcome.SUCCESS, 200, 1_000);
			this.recorder.recordTokens("openai", "openai", "gpt-4o-mini", 10, 20);
			this.recorder.recordOperation(target, "chat", "gpt-4o-mini", "gpt-4o-mini-2024-07-18", null, 1_000);
			this.recorder.recordTokens(target, "gpt-4o-mini", "gpt-4o-mini-2024-07-18", 10, 20);
		}
		long allocated = threads.getThreadAllocatedBytes(thread) - before;
		assertThat(allocated).as("bytes allocated by 10,000 recorded calls").isLessThan(10_000);
	}

	@Test
	void aTrackerWithoutRegistriesReturnsTheSharedNoopCall() {
		ApiCallTracker tracker = new ApiCallTracker(ObservationRegistry.NOOP, null, null);
		assertThat(tracker.start("openai", "openai", "chat", "gpt-4o-mini")).isSameAs(ApiCall.NOOP);
	}

}
