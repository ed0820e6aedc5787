package io.paracle.keys.benchmarks;

import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import io.paracle.keys.provider.ChatRequest;
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
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * The per-call cost of sharing state between replicas: the same chat call as {@link ParacleOpenAiBenchmark}
 * ({@code direct} client, observations on) with a client-side request limit and a daily token budget, with
 * {@code paracle.shared-state.store} {@code none} (each replica on its own) or {@code redis} (Redis on
 * 127.0.0.1:6379, a key prefix of the run's own, deleted after). With {@code redis} every call makes the Redis
 * operations of the call path: one {@code EVALSHA} before it that reads the key state and the budget and takes the
 * permit (the one round trip before the call is sent), and one {@code EVALSHA} after the answer that counts its
 * tokens.
 *
 * @author paracle-keys
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
@State(Scope.Benchmark)
public class SharedStateBenchmark {

	/** {@code paracle.shared-state.store}. */
	@Param({ "none", "redis" })
	public String store = "none";

	/**
	 * Boot's Lettuce observation ({@code LettuceObservationAutoConfiguration}: an observation per Redis command,
	 * on in an application with an {@code ObservationRegistry}); {@code off} excludes it, to tell paracle's own
	 * cost from Boot's per-command observation. Meaningless with {@code store=none}.
	 */
	@Param({ "on" })
	public String lettuceObservation = "on";

	private ConfigurableApplicationContext context;

	private OpenAiProvider provider;

	private final String prefix = "paracle-bench:" + UUID.randomUUID().toString().substring(0, 8) + ":";

	/**
	 * Start the application against the stub.
	 * @param stub the running stub server
	 */
	@Setup(Level.Trial)
	public void setUp(StubServerState stub) {
		Map<String, Object> properties = ParacleApplication.openAi(stub.openAiBaseUrl());
		properties.put("paracle.providers.openai.budget.tokens-per-day", "1000000000000");
		properties.put("paracle.shared-state.store", this.store);
		properties.put("paracle.shared-state.key-prefix", this.prefix);
		properties.put("spring.data.redis.host", "127.0.0.1");
		properties.put("spring.data.redis.port", "6379");
		if ("redis".equals(this.store) && "off".equals(this.lettuceObservation)) {
			properties.put("spring.autoconfigure.exclude",
					"org.springframework.boot.data.redis.autoconfigure.observation.LettuceObservationAutoConfiguration");
		}
		this.context = ParacleApplication.start(properties);
		this.provider = this.context.getBean(OpenAiProvider.class);
	}

	/**
	 * Delete the run's Redis keys and close the application.
	 */
	@TearDown(Level.Trial)
	public void tearDown() {
		if ("redis".equals(this.store)) {
			StringRedisTemplate redis = this.context.getBean(StringRedisTemplate.class);
			Set<String> keys = redis.keys(this.prefix + "*");
			if (keys != null && !keys.isEmpty()) {
				redis.delete(keys);
			}
		}
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
