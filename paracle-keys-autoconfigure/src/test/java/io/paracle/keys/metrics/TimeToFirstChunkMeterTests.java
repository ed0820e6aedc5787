package io.paracle.keys.metrics;

import java.time.Duration;
import java.util.Arrays;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.CountAtBucket;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code gen_ai.client.operation.time_to_first_chunk}: a histogram in seconds with OpenTelemetry's buckets, tagged
 * as the GenAI conventions say, one meter per provider, operation and model.
 */
class TimeToFirstChunkMeterTests {

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private final MicrometerApiCallRecorder recorder = new MicrometerApiCallRecorder(this.registry);

	@Test
	void recordsTheTimeToFirstChunkInOpenTelemetrysBuckets() {
		this.recorder.recordTimeToFirstChunk("gemini-eu", "gemini", "chat", "gemini-2.0-flash",
				Duration.ofMillis(300).toNanos());
		this.recorder.recordTimeToFirstChunk("gemini-eu", "gemini", "chat", "gemini-2.0-flash",
				Duration.ofMillis(30).toNanos());
		Timer timer = this.registry.get(ApiCallMetrics.TIME_TO_FIRST_CHUNK)
			.tag("provider", "gemini-eu")
			.tag("gen_ai.operation.name", "chat")
			.tag("gen_ai.provider.name", "gcp.gemini")
			.tag("gen_ai.request.model", "gemini-2.0-flash")
			.timer();
		assertThat(timer.count()).isEqualTo(2);
		assertThat(timer.totalTime(java.util.concurrent.TimeUnit.SECONDS)).isCloseTo(0.33,
				org.assertj.core.data.Offset.offset(1e-9));
		CountAtBucket[] buckets = timer.takeSnapshot().histogramCounts();
		assertThat(Arrays.stream(buckets).map((bucket) -> bucket.bucket(java.util.concurrent.TimeUnit.SECONDS)))
			.containsExactly(0.001, 0.005, 0.01, 0.02, 0.04, 0.06, 0.08, 0.1, 0.25, 0.5, 0.75, 1.0, 2.5, 5.0, 7.5, 10.0);
		assertThat(Arrays.stream(buckets).filter((bucket) -> bucket.bucket(java.util.concurrent.TimeUnit.SECONDS) == 0.04)
			.findFirst().orElseThrow().count()).isEqualTo(1);
		assertThat(Arrays.stream(buckets).filter((bucket) -> bucket.bucket(java.util.concurrent.TimeUnit.SECONDS) == 0.5)
			.findFirst().orElseThrow().count()).isEqualTo(2);
	}

	@Test
	void capsTheModelsOfAProvider() {
		for (int i = 0; i < MicrometerApiCallRecorder.MAX_MODELS + 5; i++) {
			this.recorder.recordTimeToFirstChunk("openai", "openai", "chat", "model-" + i, 1_000_000);
		}
		assertThat(this.registry.find(ApiCallMetrics.TIME_TO_FIRST_CHUNK).timers())
			.hasSize(MicrometerApiCallRecorder.MAX_MODELS + 1);
		assertThat(this.registry.get(ApiCallMetrics.TIME_TO_FIRST_CHUNK).tag("gen_ai.request.model", "other").timer()
			.count()).isEqualTo(5);
	}

}
