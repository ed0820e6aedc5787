package io.paracle.keys.springai;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.paracle.keys.autoconfigure.LlmProviderAutoConfiguration;
import io.paracle.keys.autoconfigure.ParacleKeysAutoConfiguration;
import io.paracle.keys.metrics.ApiCallMetricsAutoConfiguration;
import io.paracle.keys.resilience.KeyPoolListener;
import io.paracle.keys.resilience.KeyPools;
import io.paracle.keys.resilience.KeySelectionStrategy;
import io.paracle.keys.resolve.ApiKeyResolver;
import io.paracle.keys.testsupport.MutableClock;

import org.springframework.ai.model.tool.autoconfigure.ToolCallingAutoConfiguration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Answers of the fake OpenAI, Anthropic and Gemini servers, as the real APIs write them, and key pools on a
 * test's clock.
 */
final class SpringAiStubs {

	static final String OPENAI_CHAT = "/v1/chat/completions";

	static final String ANTHROPIC_MESSAGES = "/v1/messages";

	static final String OPENAI_ANSWER = """
			{"id":"chatcmpl-1","object":"chat.completion","created":1,"model":"gpt-4o-mini",
			 "choices":[{"index":0,"message":{"role":"assistant","content":"ok"},"finish_reason":"stop"}],
			 "usage":{"prompt_tokens":2,"completion_tokens":1,"total_tokens":3}}""";

	static final String OPENAI_STREAM = """
			data: {"id":"c1","object":"chat.completion.chunk","created":1,"model":"gpt-4o-mini","choices":[{"index":0,"delta":{"role":"assistant","content":"o"},"finish_reason":null}]}

			data: {"id":"c1","object":"chat.completion.chunk","created":1,"model":"gpt-4o-mini","choices":[{"index":0,"delta":{"content":"k"},"finish_reason":"stop"}]}

			data: {"id":"c1","object":"chat.completion.chunk","created":1,"model":"gpt-4o-mini","choices":[],"usage":{"prompt_tokens":5,"completion_tokens":2,"total_tokens":7}}

			data: [DONE]

			""";

	static final String ANTHROPIC_ANSWER = """
			{"id":"msg_1","type":"message","role":"assistant","model":"claude-3-5-haiku-latest",
			 "content":[{"type":"text","text":"ok"}],"stop_reason":"end_turn","stop_sequence":null,
			 "usage":{"input_tokens":2,"output_tokens":1}}""";

	static final String GEMINI_CHAT = "/v1beta/models/gemini-2.0-flash:generateContent";

	static final String GEMINI_STREAM = "/v1beta/models/gemini-2.0-flash:streamGenerateContent?alt=sse";

	static final String GEMINI_ANSWER = """
			{"candidates":[{"content":{"parts":[{"text":"ok"}],"role":"model"},"finishReason":"STOP","index":0}],
			 "usageMetadata":{"promptTokenCount":2,"candidatesTokenCount":1,"totalTokenCount":3},
			 "modelVersion":"gemini-2.0-flash","responseId":"r1"}""";

	static final String GEMINI_STREAM_ANSWER = """
			data: {"candidates":[{"content":{"parts":[{"text":"o"}],"role":"model"},"index":0}],"usageMetadata":{"promptTokenCount":5,"totalTokenCount":5},"modelVersion":"gemini-2.0-flash"}

			data: {"candidates":[{"content":{"parts":[{"text":"k"}],"role":"model"},"finishReason":"STOP","index":0}],"usageMetadata":{"promptTokenCount":5,"candidatesTokenCount":2,"totalTokenCount":7},"modelVersion":"gemini-2.0-flash"}

			""";

	private SpringAiStubs() {
	}

	/** The clock of the key pools, so cool-downs can be waited out without sleeping. */
	record PoolClock(MutableClock clock) {

	}

	/**
	 * Return an application with paracle's and Spring AI's auto-configurations for one Spring AI model module, a
	 * simple meter registry and key pools on the given clock.
	 */
	static ApplicationContextRunner contextRunner(MutableClock clock, Class<?> modelAutoConfiguration) {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(ParacleKeysAutoConfiguration.class,
					ApiCallMetricsAutoConfiguration.class, LlmProviderAutoConfiguration.class,
					ParacleSpringAiAutoConfiguration.class, ToolCallingAutoConfiguration.class, modelAutoConfiguration))
			.withBean(SimpleMeterRegistry.class)
			.withUserConfiguration(ClockKeyPoolsConfiguration.class)
			.withBean(PoolClock.class, () -> new PoolClock(clock));
	}

	@Configuration(proxyBeanMethods = false)
	static class ClockKeyPoolsConfiguration {

		@Bean
		KeyPools keyPools(ApiKeyResolver resolver, KeySelectionStrategy strategy,
				ObjectProvider<KeyPoolListener> listeners, PoolClock poolClock) {
			MutableClock clock = poolClock.clock();
			return new KeyPools(resolver, strategy, KeyPoolListener.composite(listeners.orderedStream().toList()),
					clock, KeyPools.limiters(clock, clock::advance));
		}

	}

}
