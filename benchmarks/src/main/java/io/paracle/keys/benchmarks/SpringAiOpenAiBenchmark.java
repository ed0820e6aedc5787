package io.paracle.keys.benchmarks;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import org.springframework.ai.chat.model.ChatResponse;
import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.openai.OpenAiChatModel;
import org.springframework.ai.openai.OpenAiChatOptions;

/**
 * The chat call through Spring AI 2.0's {@link OpenAiChatModel} (the official OpenAI
 * Java SDK over OkHttp, with Spring AI's observation and tool-calling layers), built
 * programmatically with its defaults and pointed at the stub.
 *
 * @author paracle-keys
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 6, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(1)
@State(Scope.Benchmark)
public class SpringAiOpenAiBenchmark {

	private OpenAiChatModel chatModel;

	/**
	 * Build the chat model.
	 * @param stub the running stub server
	 */
	@Setup(Level.Trial)
	public void setUp(StubServerState stub) {
		OpenAiChatOptions options = OpenAiChatOptions.builder()
			.baseUrl(stub.openAiBaseUrl())
			.apiKey(ChatJson.API_KEY)
			.model(ChatJson.MODEL)
			.build();
		this.chatModel = OpenAiChatModel.builder().options(options).build();
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
