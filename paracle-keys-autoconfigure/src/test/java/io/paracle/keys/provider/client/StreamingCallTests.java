package io.paracle.keys.provider.client;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import io.paracle.keys.metrics.ApiCallOutcome;
import io.paracle.keys.metrics.ApiCallRecorder;
import io.paracle.keys.metrics.ApiCallTracker;
import io.paracle.keys.metrics.MicrometerApiCallRecorder;
import io.paracle.keys.provider.ProviderUnavailableException;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The streaming part of the call pipeline's seam: a stream's measured call stays open beyond the exchange, the
 * failover happens before the exchange returns, and the stream's end is counted once with its outcome.
 */
class StreamingCallTests {

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private final List<String> firstChunks = new ArrayList<>();

	private final AbstractLlmProvider provider = (AbstractLlmProvider) ProviderFixture.OPENAI_COMPATIBLE.get(0)
		.factory(new ApiCallTracker(ObservationRegistry.NOOP, new RecordingRecorder(this.registry), null),
				"sk-test-stream-a,sk-test-stream-b")
		.create("openai");

	@Test
	void failoverHappensBeforeTheStreamOpensAndTheStreamIsCountedWhenItEnds() {
		List<String> keysSent = new ArrayList<>();
		StreamingCall stream = this.provider.exchange("chat", "gpt-4o-mini", (key, attempt) -> {
			keysSent.add(key.fingerprint());
			if (keysSent.size() == 1) {
				attempt.responded(429, (header) -> null);
				throw attempt.failed(429, "30", null);
			}
			attempt.responded(200, (header) -> null);
			return attempt.streaming();
		});
		assertThat(keysSent).hasSize(2).doesNotHaveDuplicates();
		assertThat(stream.key().fingerprint()).isEqualTo(keysSent.get(1));
		assertThat(calls()).containsExactly("chat rate_limited 429 1");
		stream.firstChunk();
		stream.firstChunk();
		stream.tokens("gpt-4o-mini-2024-07-18", 11, 7);
		stream.completed();
		stream.failed(new ProviderUnavailableException("openai", 503, "late", null));
		assertThat(calls()).containsExactly("chat rate_limited 429 1", "chat success 200 1");
		assertThat(this.firstChunks).containsExactly("openai chat gpt-4o-mini");
		assertThat(this.registry.get("gen_ai.client.token.usage").tag("gen_ai.token.type", "output").summary()
			.totalAmount()).isEqualTo(7);
		assertThat(this.registry.get("api.call.duration").tag("outcome", "success").timer().count()).isOne();
		assertThat(stream.isEnded()).isTrue();
	}

	@Test
	void aCancelledStreamIsCountedOnceAsCancelledWithoutTokens() {
		StreamingCall stream = openStream();
		stream.firstChunk();
		stream.tokens("gpt-4o-mini", 11, 7);
		stream.cancelled();
		stream.completed();
		assertThat(calls()).containsExactly("chat " + ApiCallOutcome.CANCELLED.tagValue() + " 200 1");
		assertThat(this.registry.find("gen_ai.client.token.usage").summaries()).isEmpty();
	}

	@Test
	void aFailureAfterTheStreamOpenedEndsItWithoutAnotherAttempt() {
		AtomicInteger attempts = new AtomicInteger();
		StreamingCall stream = this.provider.exchange("chat", "gpt-4o-mini", (key, attempt) -> {
			attempts.incrementAndGet();
			attempt.responded(200, (header) -> null);
			return attempt.streaming();
		});
		stream.firstChunk();
		stream.failed(new ProviderUnavailableException("openai", 529, "overloaded mid-stream", null));
		assertThat(attempts).hasValue(1);
		assertThat(calls()).containsExactly("chat server_error 529 1");
	}

	@Test
	void aStreamAbandonedBeforeItOpenedIsMeasuredByThePipelineOnly() {
		List<StreamingCall> asked = new ArrayList<>();
		StreamingCall stream = this.provider.exchange("chat", "gpt-4o-mini", (key, attempt) -> {
			StreamingCall streaming = attempt.streaming();
			if (asked.isEmpty()) {
				asked.add(streaming);
				attempt.responded(401, (header) -> null);
				throw attempt.failed(401, null, null);
			}
			attempt.responded(200, (header) -> null);
			return streaming;
		});
		asked.get(0).completed();
		assertThat(asked.get(0)).isNotSameAs(stream);
		assertThat(calls()).containsExactly("chat auth_error 401 1");
		stream.completed();
		assertThat(calls()).containsExactly("chat auth_error 401 1", "chat success 200 1");
	}

	private StreamingCall openStream() {
		return this.provider.exchange("chat", "gpt-4o-mini", (key, attempt) -> {
			attempt.responded(200, (header) -> null);
			return attempt.streaming();
		});
	}

	private List<String> calls() {
		return this.registry.find("api.calls").counters().stream()
			.map((counter) -> counter.getId().getTag("operation") + " " + counter.getId().getTag("outcome") + " "
					+ counter.getId().getTag("status") + " " + (long) counter.count())
			.sorted()
			.toList();
	}

	private final class RecordingRecorder implements ApiCallRecorder {

		private final MicrometerApiCallRecorder delegate;

		RecordingRecorder(MeterRegistry registry) {
			this.delegate = new MicrometerApiCallRecorder(registry);
		}

		@Override
		public void record(String provider, String operation, ApiCallOutcome outcome, int status, long durationNanos) {
			this.delegate.record(provider, operation, outcome, status, durationNanos);
		}

		@Override
		public void recordTokens(String provider, String providerType, String model, long inputTokens,
				long outputTokens) {
			this.delegate.recordTokens(provider, providerType, model, inputTokens, outputTokens);
		}

		@Override
		public void recordTimeToFirstChunk(String provider, @Nullable String providerType, String operation,
				@Nullable String model, long nanos) {
			assertThat(nanos).isPositive();
			StreamingCallTests.this.firstChunks.add(provider + " " + operation + " " + model);
		}

	}

}
