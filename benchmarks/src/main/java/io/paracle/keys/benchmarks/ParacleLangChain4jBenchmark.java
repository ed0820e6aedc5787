package io.paracle.keys.benchmarks;

import java.util.concurrent.TimeUnit;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.openai.OpenAiChatModel;
import io.paracle.keys.langchain4j.ParacleLangChain4j;
import io.paracle.keys.provider.LlmProviders;
import io.paracle.keys.provider.client.LlmProviderFactory;
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
 * The chat call through the LangChain4j {@code OpenAiChatModel} bean paracle-keys makes for the {@code openai}
 * configuration ({@code openaiLangChain4jChatModel}), from a running Spring Boot application ({@link ParacleApplication}):
 * LangChain4j's own model, its requests sent by paracle's LangChain4j {@code HttpClient} (through the
 * configuration's Apache HttpClient 5 client, or the JDK {@code HttpClient} fallback: {@link #transport}) inside
 * the call pipeline with the whole hot path armed (key pool, client-side limit, retry, observation and meters,
 * token count). Compare with {@link LangChain4jOpenAiBenchmark}: the same model on LangChain4j's default JDK
 * client with a fixed key.
 *
 * @author paracle-keys
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 6, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(1)
@State(Scope.Benchmark)
public class ParacleLangChain4jBenchmark {

	/**
	 * What paracle's LangChain4j client sends through: {@code apache-httpclient5} is the {@code openaiLangChain4jChatModel}
	 * bean as the starter makes it (Apache HttpClient 5 is on the class path); {@code jdk} is the same model built
	 * the same way on the JDK fallback (a {@code ParacleLangChain4j} without the provider factory, as in an
	 * application without Apache HttpClient 5): the same transport as {@link LangChain4jOpenAiBenchmark}.
	 */
	@Param({ "apache-httpclient5", "jdk" })
	public String transport;

	private ConfigurableApplicationContext context;

	private ChatModel chatModel;

	/**
	 * Start the application against the stub.
	 * @param stub the running stub server
	 */
	@Setup(Level.Trial)
	public void setUp(StubServerState stub) {
		this.context = ParacleApplication.start(ParacleApplication.openAi(stub.openAiBaseUrl()));
		if ("jdk".equals(this.transport)) {
			ParacleLangChain4j jdk = new ParacleLangChain4j(this.context.getBean(LlmProviders.class),
					LlmProviderFactory.DEFAULT_MAX_RESPONSE_SIZE.toBytes());
			this.chatModel = OpenAiChatModel.builder()
				.httpClientBuilder(jdk.httpClientBuilder("openai"))
				.baseUrl(stub.openAiBaseUrl())
				.apiKey(ParacleLangChain4j.API_KEY_PLACEHOLDER)
				.modelName(ChatJson.MODEL)
				.maxRetries(0)
				.build();
		}
		else {
			// the bean of the one configuration, by type (its name is the registrar's)
			this.chatModel = this.context.getBean(OpenAiChatModel.class);
		}
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
		return this.chatModel.chat(ChatJson.PROMPT);
	}

}
