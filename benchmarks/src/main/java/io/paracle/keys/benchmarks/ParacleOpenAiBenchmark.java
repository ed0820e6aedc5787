package io.paracle.keys.benchmarks;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.paracle.keys.provider.ChatRequest;
import io.paracle.keys.provider.ChatResponse;
import io.paracle.keys.provider.client.OpenAiProvider;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import org.springframework.context.ConfigurableApplicationContext;

/**
 * The chat call through paracle-keys: {@link OpenAiProvider#chat(ChatRequest)} from a running Spring Boot
 * application ({@link ParacleApplication}) with the whole hot path armed, as a user gets it:
 * <ul>
 * <li>resilience4j retry ({@code max-retries=2}) around the call;</li>
 * <li>the key read from the resolver and picked by the key pool (with the per-key call counter);</li>
 * <li>a client-side Bucket4j limit of 100&nbsp;000&nbsp;000 requests per minute, which never makes a call wait
 * but is consulted on every call (with its wait timer);</li>
 * <li>an observation ({@code paracle.api.call}) on Boot's {@code ObservationRegistry}, and the
 * {@code api.calls}, {@code api.call.duration} and {@code gen_ai.client.token.usage} meters on Boot's
 * Prometheus {@code MeterRegistry};</li>
 * <li>the request built as a Jackson 3 tree, sent with Apache HttpClient 5 alone (the default, and
 * {@link #httpClient} {@code direct}) or through {@code RestClient} over it ({@code rest-client}), the answer
 * parsed into a {@link ChatResponse}.</li>
 * </ul>
 * Same request and reply as every other benchmark: {@code gpt-4o-mini}, one user message, the reply text.
 * <p>
 * {@link #observations} switches Boot's observations off for a breakdown of the cost; the meters of the starter
 * are recorded in every case.
 *
 * @author paracle-keys
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 6, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(1)
@State(Scope.Benchmark)
public class ParacleOpenAiBenchmark {

	/**
	 * Which observations run: {@code all} (Boot's default: {@code paracle.api.call} and its child, the
	 * {@code RestClient}'s {@code http.client.requests}), {@code no-http} (the latter off with
	 * {@code management.observations.enable.http.client.requests=false}) or {@code none}
	 * ({@code management.observations.enable.all=false}; the starter's meters only).
	 */
	@Param({ "all" })
	public String observations = "all";

	/**
	 * The starter's {@code paracle.http.client}: {@code default} (not set: what a user who sets nothing gets,
	 * {@code direct} here, since HttpClient 5 is present and no {@code LlmProviderRestClientCustomizer} exists),
	 * {@code rest-client} (a Spring {@code RestClient} over Apache HttpClient 5) or {@code direct} (Apache
	 * HttpClient 5 without {@code RestClient}).
	 */
	@Param({ "default", "rest-client", "direct" })
	public String httpClient = "default";

	private ConfigurableApplicationContext context;

	private OpenAiProvider provider;

	/**
	 * Start the application against the stub.
	 * @param stub the running stub server
	 */
	@Setup(Level.Trial)
	public void setUp(StubServerState stub) {
		Map<String, Object> properties = ParacleApplication.openAi(stub.openAiBaseUrl());
		switch (this.observations) {
			case "all" -> {
			}
			case "no-http" -> properties.put("management.observations.enable.http.client.requests", "false");
			case "none" -> properties.put("management.observations.enable.all", "false");
			default -> throw new IllegalArgumentException("Unknown observations " + this.observations);
		}
		if (!"default".equals(this.httpClient)) {
			properties.put("paracle.http.client", this.httpClient);
		}
		this.context = ParacleApplication.start(properties);
		this.provider = this.context.getBean(OpenAiProvider.class);
	}

	/**
	 * Close the application.
	 */
	@TearDown(Level.Trial)
	public void tearDown() {
		this.context.close();
	}

	/**
	 * One chat call.
	 * @return the reply text
	 */
	@Benchmark
	public String chat() {
		ChatRequest request = ChatRequest.builder().model(ChatJson.MODEL).user(ChatJson.PROMPT).build();
		return this.provider.chat(request).text();
	}

	ConfigurableApplicationContext context() {
		return this.context;
	}

}
