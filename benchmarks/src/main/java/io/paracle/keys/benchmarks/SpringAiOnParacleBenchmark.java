package io.paracle.keys.benchmarks;

import java.util.concurrent.TimeUnit;

import io.paracle.keys.springai.SpringAiKeyInterceptors;
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

import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.openai.OpenAiChatModel;
import org.springframework.ai.openai.OpenAiChatOptions;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * What paracle's key handling adds to a Spring AI call: the same {@link OpenAiChatModel} (Spring AI 2.0.1, the
 * openai-java SDK over OkHttp) against the same stub, {@code plain} with its key in the options, and
 * {@code paracle} with every request run through paracle's interceptor ({@link SpringAiKeyInterceptors}) of a
 * real Spring Boot application with the starter: key pool, client-side limit, retry armed and the Prometheus
 * meters. Both modes run that application in the benchmark's JVM, so they differ only in the request path.
 *
 * @author paracle-keys
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 6, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(1)
@State(Scope.Benchmark)
public class SpringAiOnParacleBenchmark {

	/** Where the key comes from: {@code plain} Spring AI, or {@code paracle}'s interceptor. */
	@Param({ "plain", "paracle" })
	public String keys;

	private OpenAiChatModel chatModel;

	private ConfigurableApplicationContext context;

	/**
	 * Build the chat model (and, for {@code paracle}, start the application).
	 * @param stub the running stub server
	 */
	@Setup(Level.Trial)
	public void setUp(StubServerState stub) {
		OpenAiChatOptions.Builder options = OpenAiChatOptions.builder()
			.baseUrl(stub.openAiBaseUrl())
			.model(ChatJson.MODEL);
		// both modes run the same application in this JVM (its meters, schedulers and heap), so the only
		// difference measured is the path of each request: the key in the options, or paracle's interceptor
		this.context = ParacleApplication.start(ParacleApplication.openAi(stub.openAiBaseUrl()));
		if ("paracle".equals(this.keys)) {
			SpringAiKeyInterceptors interceptors = this.context.getBean(SpringAiKeyInterceptors.class);
			this.chatModel = OpenAiChatModel.builder()
				.options(options.apiKey("paracle-managed").maxRetries(0).build())
				.httpClientBuilderCustomizer((http) -> http.interceptor(interceptors.forConfiguration("openai")))
				.build();
		}
		else {
			this.chatModel = OpenAiChatModel.builder().options(options.apiKey(ChatJson.API_KEY).build()).build();
		}
	}

	/**
	 * Return the application both modes run, for the smoke tests.
	 * @return the context
	 */
	ConfigurableApplicationContext context() {
		return this.context;
	}

	/**
	 * Close the application.
	 */
	@TearDown(Level.Trial)
	public void tearDown() {
		if (this.context != null) {
			this.context.close();
		}
	}

	/**
	 * One chat call.
	 * @return the reply text
	 */
	@Benchmark
	public String chat() {
		ChatResponse response = this.chatModel.call(new Prompt(ChatJson.PROMPT));
		String text = response.getResult().getOutput().getText();
		if (text == null) {
			throw new IllegalStateException("No reply in the chat response");
		}
		return text;
	}

}
