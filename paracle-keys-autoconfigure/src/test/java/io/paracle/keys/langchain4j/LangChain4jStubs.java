package io.paracle.keys.langchain4j;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;

/**
 * What the LangChain4j tests share: the providers' answers as their APIs send them (plain and as server-sent
 * events), and a blocking stream call.
 */
final class LangChain4jStubs {

	static final String OPENAI_CHAT = "/openai/v1/chat/completions";

	static final String ANTHROPIC_MESSAGES = "/anthropic/v1/messages";

	static final String GEMINI_GENERATE = "/gemini/v1beta/models/gemini-2.0-flash:generateContent";

	static final String GEMINI_STREAM = "/gemini/v1beta/models/gemini-2.0-flash:streamGenerateContent";

	static final String OPENAI_ANSWER = """
			{"id":"chatcmpl-1","object":"chat.completion","created":1,"model":"gpt-4o-mini-2024-07-18",
			 "choices":[{"index":0,"message":{"role":"assistant","content":"Hi from OpenAI"},"finish_reason":"stop"}],
			 "usage":{"prompt_tokens":5,"completion_tokens":3,"total_tokens":8}}""";

	static final String ANTHROPIC_ANSWER = """
			{"id":"msg_1","type":"message","role":"assistant","model":"claude-3-5-haiku-20241022",
			 "content":[{"type":"text","text":"Hi from Claude"}],"stop_reason":"end_turn",
			 "usage":{"input_tokens":6,"output_tokens":4}}""";

	static final String GEMINI_ANSWER = """
			{"candidates":[{"content":{"parts":[{"text":"Hi from Gemini"}],"role":"model"},"finishReason":"STOP"}],
			 "usageMetadata":{"promptTokenCount":7,"candidatesTokenCount":2,"totalTokenCount":9},
			 "modelVersion":"gemini-2.0-flash-001"}""";

	static final String OPENAI_STREAM = """
			data: {"id":"c1","object":"chat.completion.chunk","created":1,"model":"gpt-4o-mini-2024-07-18","choices":[{"index":0,"delta":{"role":"assistant","content":"Hi "},"finish_reason":null}]}

			data: {"id":"c1","object":"chat.completion.chunk","created":1,"model":"gpt-4o-mini-2024-07-18","choices":[{"index":0,"delta":{"content":"streamed"},"finish_reason":"stop"}]}

			data: {"id":"c1","object":"chat.completion.chunk","created":1,"model":"gpt-4o-mini-2024-07-18","choices":[],"usage":{"prompt_tokens":5,"completion_tokens":2,"total_tokens":7}}

			data: [DONE]

			""";

	static final String ANTHROPIC_STREAM = """
			event: message_start
			data: {"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant","model":"claude-3-5-haiku-20241022","content":[],"stop_reason":null,"usage":{"input_tokens":6,"output_tokens":1}}}

			event: content_block_start
			data: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}

			event: content_block_delta
			data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hi streamed"}}

			event: content_block_stop
			data: {"type":"content_block_stop","index":0}

			event: message_delta
			data: {"type":"message_delta","delta":{"stop_reason":"end_turn","stop_sequence":null},"usage":{"output_tokens":3}}

			event: message_stop
			data: {"type":"message_stop"}

			""";

	static final String GEMINI_STREAM_BODY = """
			data: {"candidates":[{"content":{"parts":[{"text":"Hi streamed"}],"role":"model"},"finishReason":"STOP"}],"usageMetadata":{"promptTokenCount":7,"candidatesTokenCount":2,"totalTokenCount":9},"modelVersion":"gemini-2.0-flash-001"}

			""";

	private LangChain4jStubs() {
	}

	static ResponseDefinitionBuilder events(String body) {
		return aResponse().withStatus(200).withHeader("Content-Type", "text/event-stream").withBody(body);
	}

	static ResponseDefinitionBuilder json(String body) {
		return okJson(body);
	}

	/**
	 * Stream a chat and wait for its end.
	 * @return the complete response
	 * @throws Exception the stream's error
	 */
	static ChatResponse stream(StreamingChatModel model, String message) throws Exception {
		CompletableFuture<ChatResponse> result = new CompletableFuture<>();
		model.chat(message, new StreamingChatResponseHandler() {

			@Override
			public void onPartialResponse(String partialResponse) {
			}

			@Override
			public void onCompleteResponse(ChatResponse completeResponse) {
				result.complete(completeResponse);
			}

			@Override
			public void onError(Throwable error) {
				result.completeExceptionally(error);
			}

		});
		try {
			return result.get(20, TimeUnit.SECONDS);
		}
		catch (java.util.concurrent.ExecutionException ex) {
			throw (ex.getCause() instanceof Exception cause) ? cause : ex;
		}
	}

}
