package io.paracle.keys.provider.client;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.micrometer.common.KeyValue;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.core.instrument.observation.DefaultMeterObservationHandler;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.paracle.keys.metrics.ApiCallMeterObservationHandler;
import io.paracle.keys.metrics.ApiCallObservationContext;
import io.paracle.keys.metrics.ApiCallTracker;
import io.paracle.keys.metrics.MicrometerApiCallRecorder;
import io.paracle.keys.provider.InvalidApiKeyException;
import io.paracle.keys.provider.LlmProvider;
import io.paracle.keys.provider.ProviderUnavailableException;
import io.paracle.keys.provider.RateLimitExceededException;
import io.paracle.keys.testsupport.FakeProviderServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The meters of provider calls, with exact counts and tags, after each kind of outcome.
 */
class ProviderMetricsTests {

	private static final String CHAT = "/v1/chat/completions";

	private static final String ANSWER = """
			{"id":"chatcmpl-1","object":"chat.completion","model":"gpt-4o-mini-2024-07-18",
			 "choices":[{"index":0,"message":{"role":"assistant","content":"Hi"},"finish_reason":"stop"}],
			 "usage":{"prompt_tokens":23,"completion_tokens":12,"total_tokens":35}}""";

	private final ProviderFixture fixture = ProviderFixture.OPENAI_COMPATIBLE.get(0);

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private WireMockServer server;

	@BeforeEach
	void resetServer() {
		this.server = FakeProviderServer.reset();
	}

	@Test
	void successCountsOneCallTimesItAndRecordsTokens() {
		this.server.stubFor(post(urlEqualTo(CHAT)).willReturn(okJson(ANSWER)));
		provider(this.registry).chat("Hello");
		assertCalls(this.registry, "api.calls{operation=chat,outcome=success,provider=openai,status=200} 1");
		assertThat(this.registry.get("api.call.duration").timer().count()).isOne();
		assertThat(this.registry.get("api.call.duration").timer().totalTime(TimeUnit.NANOSECONDS)).isPositive();
		assertThat(this.registry.get("gen_ai.client.token.usage").tag("gen_ai.token.type", "input").summary())
			.satisfies((input) -> {
				assertThat(input.count()).isOne();
				assertThat(input.totalAmount()).isEqualTo(23);
				assertThat(input.getId().getTags()).extracting(Object::toString)
					.containsExactlyInAnyOrder("tag(gen_ai.operation.name=chat)", "tag(gen_ai.provider.name=openai)",
							"tag(gen_ai.request.model=gpt-4o-mini)",
							"tag(gen_ai.response.model=gpt-4o-mini-2024-07-18)", "tag(gen_ai.token.type=input)",
							"tag(provider=openai)", "tag(server.address=127.0.0.1)",
							"tag(server.port=" + this.server.port() + ")");
			});
		assertThat(this.registry.get("gen_ai.client.token.usage").tag("gen_ai.token.type", "output").summary()
			.totalAmount()).isEqualTo(12);
		assertThat(this.registry.get("gen_ai.client.operation.duration").timer()).satisfies((duration) -> {
			assertThat(duration.count()).isOne();
			assertThat(duration.getId().getTag("error.type")).isEmpty();
			assertThat(duration.getId().getTag("gen_ai.response.model")).isEqualTo("gpt-4o-mini-2024-07-18");
			assertThat(duration.takeSnapshot().histogramCounts()).extracting((bucket) -> bucket.bucket(TimeUnit.SECONDS))
				.containsExactly(0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92);
		});
		assertThat(this.registry.get("gen_ai.client.token.usage").tag("gen_ai.token.type", "input").summary()
			.takeSnapshot()
			.histogramCounts()).extracting((bucket) -> bucket.bucket())
			.containsExactly(1.0, 4.0, 16.0, 64.0, 256.0, 1024.0, 4096.0, 16384.0, 65536.0, 262144.0, 1048576.0,
					4194304.0, 16777216.0, 67108864.0);
		assertThat(meterNames(this.registry)).containsExactlyInAnyOrder("api.calls", "api.call.duration",
				"gen_ai.client.operation.duration", "gen_ai.client.token.usage", "gen_ai.client.token.usage");
	}

	@Test
	void everyOutcomeIsCountedWithItsTags() {
		LlmProvider provider = provider(this.registry, "paracle.providers.openai.timeout=300ms");
		this.server.stubFor(post(urlEqualTo(CHAT)).willReturn(okJson(ANSWER)));
		provider.chat("Hello");
		provider.chat("Hello");
		this.server.stubFor(post(urlEqualTo(CHAT)).willReturn(aResponse().withStatus(500).withBody("{}")));
		assertThatExceptionOfType(ProviderUnavailableException.class).isThrownBy(() -> provider.chat("Hello"));
		this.server.stubFor(post(urlEqualTo(CHAT)).willReturn(okJson(ANSWER).withFixedDelay(1500)));
		assertThatExceptionOfType(ProviderUnavailableException.class).isThrownBy(() -> provider.chat("Hello"))
			.satisfies((ex) -> {
				assertThat(ex.getStatusCode()).isZero();
				assertThat(ex.getMessage()).isEqualTo(
						"OpenAI (provider 'openai') did not answer within 300ms (paracle.providers.openai.timeout).");
			});
		// a 429 cools the only key down and a 401 takes it out: each gets a provider of its own
		this.server.stubFor(post(urlEqualTo(CHAT))
			.willReturn(aResponse().withStatus(429).withHeader("Retry-After", "7").withBody("{}")));
		assertThatExceptionOfType(RateLimitExceededException.class)
			.isThrownBy(() -> provider(this.registry).chat("Hello"));
		this.server.stubFor(post(urlEqualTo(CHAT)).willReturn(aResponse().withStatus(401).withBody("{}")));
		assertThatExceptionOfType(InvalidApiKeyException.class).isThrownBy(() -> provider(this.registry).chat("Hello"));
		assertCalls(this.registry, "api.calls{operation=chat,outcome=auth_error,provider=openai,status=401} 1",
				"api.calls{operation=chat,outcome=io_error,provider=openai,status=none} 1",
				"api.calls{operation=chat,outcome=rate_limited,provider=openai,status=429} 1",
				"api.calls{operation=chat,outcome=server_error,provider=openai,status=500} 1",
				"api.calls{operation=chat,outcome=success,provider=openai,status=200} 2");
		assertThat(this.registry.find("api.call.duration").timers()).hasSize(5)
			.allSatisfy((timer) -> assertThat(timer.count())
				.isEqualTo((long) this.registry.get("api.calls").tags(timer.getId().getTags()).counter().count()));
		assertThat(this.registry.get("api.call.duration").tag("outcome", "io_error").timer()
			.totalTime(TimeUnit.MILLISECONDS)).isGreaterThanOrEqualTo(250);
		assertThat(this.registry.get("gen_ai.client.token.usage").tag("gen_ai.token.type", "input").summary().count())
			.isEqualTo(2);
	}

	@Test
	void modelsAndVerifyAreSeparateOperations() {
		this.server.stubFor(get(urlEqualTo("/v1/models")).willReturn(okJson("{\"data\":[]}")));
		LlmProvider provider = provider(this.registry);
		provider.listModels();
		provider.verifyKey();
		this.server.stubFor(get(urlEqualTo("/v1/models"))
			.willReturn(aResponse().withStatus(403).withBody("{\"error\":{\"code\":\"invalid_api_key\"}}")));
		provider.verifyKey();
		assertCalls(this.registry, "api.calls{operation=models,outcome=success,provider=openai,status=200} 1",
				"api.calls{operation=verify,outcome=auth_error,provider=openai,status=403} 1",
				"api.calls{operation=verify,outcome=success,provider=openai,status=200} 1");
	}

	@Test
	void prometheusScrapeHasApiCallsTotal() {
		PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
		this.server.stubFor(post(urlEqualTo(CHAT)).willReturn(okJson(ANSWER)));
		provider(prometheus).chat("Hello");
		String scrape = prometheus.scrape();
		assertThat(scrape)
			.contains("api_calls_total{operation=\"chat\",outcome=\"success\",provider=\"openai\",status=\"200\"} 1")
			.contains("api_call_duration_seconds_count{operation=\"chat\",outcome=\"success\",provider=\"openai\","
					+ "status=\"200\"} 1")
			.contains("gen_ai_client_token_usage_sum{gen_ai_operation_name=\"chat\",gen_ai_provider_name=\"openai\","
					+ "gen_ai_request_model=\"gpt-4o-mini\",gen_ai_response_model=\"gpt-4o-mini-2024-07-18\","
					+ "gen_ai_token_type=\"input\",provider=\"openai\",server_address=\"127.0.0.1\",server_port=\""
					+ this.server.port() + "\"} 23")
			.contains("gen_ai_client_token_usage_bucket{gen_ai_operation_name=\"chat\",gen_ai_provider_name=\"openai\","
					+ "gen_ai_request_model=\"gpt-4o-mini\",gen_ai_response_model=\"gpt-4o-mini-2024-07-18\","
					+ "gen_ai_token_type=\"input\",provider=\"openai\",server_address=\"127.0.0.1\",server_port=\""
					+ this.server.port() + "\",le=\"64.0\"} 1")
			.contains("gen_ai_client_operation_duration_seconds_count{error_type=\"\",gen_ai_operation_name=\"chat\","
					+ "gen_ai_provider_name=\"openai\",gen_ai_request_model=\"gpt-4o-mini\","
					+ "gen_ai_response_model=\"gpt-4o-mini-2024-07-18\",provider=\"openai\","
					+ "server_address=\"127.0.0.1\",server_port=\"" + this.server.port() + "\"} 1")
			.contains("gen_ai_client_operation_duration_seconds_bucket{error_type=\"\",gen_ai_operation_name=\"chat\","
					+ "gen_ai_provider_name=\"openai\",gen_ai_request_model=\"gpt-4o-mini\","
					+ "gen_ai_response_model=\"gpt-4o-mini-2024-07-18\",provider=\"openai\","
					+ "server_address=\"127.0.0.1\",server_port=\"" + this.server.port() + "\",le=\"81.92\"} 1");
	}

	@Test
	void withAnObservationRegistryTheSameMetersAreRecordedOnceAndTheCallIsObserved() {
		List<Observation.Context> observed = new ArrayList<>();
		ObservationRegistry observationRegistry = ObservationRegistry.create();
		observationRegistry.observationConfig()
			.observationHandler(new ObservationHandler.FirstMatchingCompositeObservationHandler(
					new ApiCallMeterObservationHandler(), new DefaultMeterObservationHandler(this.registry)))
			.observationHandler(new ObservationHandler<>() {

				@Override
				public void onStop(Observation.Context context) {
					observed.add(context);
				}

				@Override
				public boolean supportsContext(Observation.Context context) {
					return true;
				}

			});
		ApiCallTracker tracker = new ApiCallTracker(observationRegistry, new MicrometerApiCallRecorder(this.registry),
				null);
		this.server.stubFor(post(urlEqualTo(CHAT)).willReturn(aResponse().withStatus(429).withBody("{}")));
		assertThatExceptionOfType(RateLimitExceededException.class)
			.isThrownBy(() -> this.fixture.create(tracker).chat("Hello"));
		assertCalls(this.registry, "api.calls{operation=chat,outcome=rate_limited,provider=openai,status=429} 1");
		assertThat(meterNames(this.registry)).containsExactlyInAnyOrder("api.calls", "api.call.duration",
				"gen_ai.client.operation.duration");
		assertThat(this.registry.get("gen_ai.client.operation.duration").tag("error.type", "429").timer().count())
			.isOne();
		assertThat(observed).singleElement().isInstanceOfSatisfying(ApiCallObservationContext.class, (context) -> {
			assertThat(context.getName()).isEqualTo("paracle.api.call");
			assertThat(context.getContextualName()).isEqualTo("chat openai");
			assertThat(context.getLowCardinalityKeyValues()).containsExactlyInAnyOrder(
					KeyValue.of("provider", "openai"), KeyValue.of("operation", "chat"),
					KeyValue.of("outcome", "rate_limited"), KeyValue.of("status", "429"),
					KeyValue.of("gen_ai.operation.name", "chat"), KeyValue.of("gen_ai.provider.name", "openai"),
					KeyValue.of("server.address", "127.0.0.1"),
					KeyValue.of("server.port", Integer.toString(this.server.port())), KeyValue.of("error.type", "429"));
			assertThat(context.getHighCardinalityKeyValue("gen_ai.request.model").getValue()).isEqualTo("gpt-4o-mini");
			assertThat(context.getError()).isInstanceOf(RateLimitExceededException.class);
		});
	}

	@Test
	void withoutMetricsTheProviderWorksUnmetered() {
		this.server.stubFor(post(urlEqualTo(CHAT)).willReturn(okJson(ANSWER)));
		assertThat(this.fixture.create(ApiCallTracker.NOOP).chat("Hello").text()).isEqualTo("Hi");
	}

	private LlmProvider provider(MeterRegistry registry, String... properties) {
		return this.fixture.create(new ApiCallTracker(ObservationRegistry.NOOP, new MicrometerApiCallRecorder(registry),
				null), properties);
	}

	private static void assertCalls(MeterRegistry registry, String... expected) {
		List<String> calls = registry.find("api.calls").counters().stream().map((counter) -> {
			StringBuilder tags = new StringBuilder();
			counter.getId().getTags().forEach((tag) -> tags.append((tags.length() > 0) ? "," : "")
				.append(tag.getKey()).append('=').append(tag.getValue()));
			return counter.getId().getName() + "{" + tags + "} " + (long) counter.count();
		}).sorted().toList();
		assertThat(calls).containsExactly(expected);
	}

	private static List<String> meterNames(MeterRegistry registry) {
		// SimpleMeterRegistry shows the buckets of a histogram as gauges named <meter>.histogram
		return registry.getMeters()
			.stream()
			.map(Meter::getId)
			.map(Meter.Id::getName)
			.filter((name) -> !name.endsWith(".histogram"))
			.toList();
	}

}
