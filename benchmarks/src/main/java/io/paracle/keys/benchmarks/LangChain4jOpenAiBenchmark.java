package io.paracle.keys.benchmarks;

import java.util.concurrent.TimeUnit;

import dev.langchain4j.model.openai.OpenAiChatModel;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * The chat call through LangChain4j's {@link OpenAiChatModel} with a fixed key. {@code transport=jdk}: its
 * defaults, the JDK {@code HttpClient} transport in its default HTTP/2 mode, which on cleartext sends
 * {@code Upgrade: h2c} on each new connection and stays on HTTP/1.1 when the stub declines.
 * {@code transport=apache-httpclient5}: the floor of a LangChain4j client on Apache HttpClient 5
 * ({@link ApacheLangChain4jHttpClient}), the transport paracle's LangChain4j beans use by default.
 *
 * @author paracle-keys
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 6, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(1)
@State(Scope.Benchmark)
public class LangChain4jOpenAiBenchmark {

	/**
	 * The transport: {@code jdk} (LangChain4j's default) or {@code apache-httpclient5} (a minimal client).
	 */
	@Param({ "jdk", "apache-httpclient5" })
	public String transport;

	private OpenAiChatModel chatModel;

	/**
	 * Build the chat model.
	 * @param stub the running stub server
	 */
	@Setup(Level.Trial)
	public void setUp(StubServerState stub) {
		OpenAiChatModel.OpenAiChatModelBuilder builder = OpenAiChatModel.builder();
		if ("apache-httpclient5".equals(this.transport)) {
			builder.httpClientBuilder(ApacheLangChain4jHttpClient.builder());
		}
		this.chatModel = builder
			.baseUrl(stub.openAiBaseUrl())
			.apiKey(ChatJson.API_KEY)
			.modelName(ChatJson.MODEL)
			.build();
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
