package io.paracle.keys.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

import dev.langchain4j.model.chat.response.ChatResponse;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import dev.langchain4j.model.openai.OpenAiStreamingChatModel;
import io.paracle.keys.provider.ChatChunk;
import io.paracle.keys.provider.ChatRequest;
import io.paracle.keys.provider.ChatStream;
import io.paracle.keys.provider.client.OpenAiProvider;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.util.Timeout;
import tools.jackson.databind.JsonNode;

import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.openai.OpenAiChatModel;
import org.springframework.ai.openai.OpenAiChatOptions;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The streaming clients compared by {@link StreamFirstChunkBenchmark} and {@link StreamChunksBenchmark}, each
 * reading the stub's streamed chat completion ({@code stream: true}): a hand-written Apache HttpClient 5 call
 * that reads the SSE lines and each chunk's tree (the floor), paracle's {@code OpenAiProvider.stream} (default
 * client and {@code rest-client}), Spring AI's {@code OpenAiChatModel.stream} and LangChain4j's
 * {@code OpenAiStreamingChatModel}.
 *
 * @author paracle-keys
 */
final class StreamClients {

	private StreamClients() {
	}

	/**
	 * Create a client.
	 * @param name {@code raw}, {@code paracle}, {@code paracle-rest-client}, {@code spring-ai} or {@code langchain4j}
	 * @param baseUrl the stub's OpenAI base URL of the stream
	 * @return the client
	 */
	static Client create(String name, String baseUrl) {
		return switch (name) {
			case "raw" -> new Raw(baseUrl);
			case "paracle" -> new Paracle(baseUrl, null);
			case "paracle-rest-client" -> new Paracle(baseUrl, "rest-client");
			case "spring-ai" -> new SpringAi(baseUrl);
			case "langchain4j" -> new LangChain4j(baseUrl);
			default -> throw new IllegalArgumentException("Unknown client " + name);
		};
	}

	/** A client that opens streams. */
	interface Client extends AutoCloseable {

		Open open();

		@Override
		default void close() {
		}

	}

	/** A stream being read. */
	interface Open {

		/** Read up to the first text chunk and return it. */
		String firstChunk();

		/** Read the rest and return how many text chunks it had. */
		int rest();

	}

	/** Apache HttpClient 5 by hand: SSE lines through a {@code BufferedReader}, each chunk's tree by Jackson. */
	static final class Raw implements Client {

		private final CloseableHttpClient client = HttpClients.custom()
			.setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
				.setDefaultConnectionConfig(ConnectionConfig.custom()
					.setConnectTimeout(Timeout.ofSeconds(10))
					.setSocketTimeout(Timeout.ofSeconds(10))
					.build())
				.build())
			.disableAutomaticRetries()
			.disableRedirectHandling()
			.disableCookieManagement()
			.build();

		private final URI uri;

		private final byte[] body;

		Raw(String baseUrl) {
			this.uri = URI.create(baseUrl + "/chat/completions");
			this.body = ChatJson.MAPPER.writeValueAsBytes(ChatJson.requestTree()
				.put("stream", true)
				.set("stream_options", ChatJson.MAPPER.createObjectNode().put("include_usage", true)));
		}

		@Override
		public Open open() {
			HttpPost post = new HttpPost(this.uri);
			post.setHeader("Authorization", ChatJson.AUTHORIZATION);
			post.setHeader("Accept", "text/event-stream");
			post.setEntity(new ByteArrayEntity(this.body, ContentType.APPLICATION_JSON));
			try {
				ClassicHttpResponse response = this.client.executeOpen(null, post, null);
				if (response.getCode() != 200) {
					throw new IllegalStateException("Unexpected status " + response.getCode());
				}
				BufferedReader reader = new BufferedReader(
						new InputStreamReader(response.getEntity().getContent(), StandardCharsets.UTF_8));
				return new Open() {

					@Override
					public String firstChunk() {
						String text;
						do {
							text = next();
						}
						while (text != null && text.isEmpty());
						return text;
					}

					@Override
					public int rest() {
						int count = 0;
						for (String text = next(); text != null; text = next()) {
							count += text.isEmpty() ? 0 : 1;
						}
						try {
							response.close();
						}
						catch (IOException ex) {
							throw new UncheckedIOException(ex);
						}
						return count;
					}

					private String next() {
						try {
							for (String line = reader.readLine(); line != null; line = reader.readLine()) {
								if (!line.startsWith("data: ")) {
									continue;
								}
								String data = line.substring(6);
								if (data.equals("[DONE]")) {
									return null;
								}
								JsonNode chunk = ChatJson.MAPPER.readTree(data);
								return chunk.path("choices").path(0).path("delta").path("content").asString("");
							}
							return null;
						}
						catch (IOException ex) {
							throw new UncheckedIOException(ex);
						}
					}

				};
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

		@Override
		public void close() {
			try {
				this.client.close();
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

	}

	/** paracle's typed client, as a Boot application has it (meters, observation, pool, limiter armed). */
	static final class Paracle implements Client {

		private final ConfigurableApplicationContext context;

		private final OpenAiProvider provider;

		Paracle(String baseUrl, String httpClient) {
			Map<String, Object> properties = ParacleApplication.openAi(baseUrl);
			if (httpClient != null) {
				properties.put("paracle.http.client", httpClient);
			}
			this.context = ParacleApplication.start(properties);
			this.provider = this.context.getBean(OpenAiProvider.class);
		}

		@Override
		public Open open() {
			ChatStream stream = this.provider
				.stream(ChatRequest.builder().model(ChatJson.MODEL).user(ChatJson.PROMPT).build());
			Iterator<ChatChunk> chunks = stream.iterator();
			return new Open() {

				@Override
				public String firstChunk() {
					return chunks.next().text();
				}

				@Override
				public int rest() {
					int count = 0;
					while (chunks.hasNext()) {
						count += chunks.next().text().isEmpty() ? 0 : 1;
					}
					stream.close();
					return count;
				}

			};
		}

		@Override
		public void close() {
			this.context.close();
		}

	}

	/** Spring AI's {@code OpenAiChatModel.stream}, a {@code Flux<ChatResponse>} read through its blocking iterable. */
	static final class SpringAi implements Client {

		private final OpenAiChatModel chatModel;

		SpringAi(String baseUrl) {
			OpenAiChatOptions options = OpenAiChatOptions.builder()
				.baseUrl(baseUrl)
				.apiKey(ChatJson.API_KEY)
				.model(ChatJson.MODEL)
				.build();
			this.chatModel = OpenAiChatModel.builder().options(options).build();
		}

		@Override
		public Open open() {
			Iterator<org.springframework.ai.chat.model.ChatResponse> responses = this.chatModel
				.stream(new Prompt(ChatJson.PROMPT))
				.toIterable()
				.iterator();
			return new Open() {

				@Override
				public String firstChunk() {
					while (responses.hasNext()) {
						String text = text(responses.next());
						if (!text.isEmpty()) {
							return text;
						}
					}
					return null;
				}

				@Override
				public int rest() {
					int count = 0;
					while (responses.hasNext()) {
						count += text(responses.next()).isEmpty() ? 0 : 1;
					}
					return count;
				}

			};
		}

		private static String text(org.springframework.ai.chat.model.ChatResponse response) {
			if (response.getResult() == null || response.getResult().getOutput().getText() == null) {
				return "";
			}
			return response.getResult().getOutput().getText();
		}

	}

	/** LangChain4j's {@code OpenAiStreamingChatModel}: callbacks on its HTTP client's thread, handed over here. */
	static final class LangChain4j implements Client {

		private static final String END = new String("end");

		private final OpenAiStreamingChatModel chatModel;

		LangChain4j(String baseUrl) {
			this.chatModel = OpenAiStreamingChatModel.builder()
				.baseUrl(baseUrl)
				.apiKey(ChatJson.API_KEY)
				.modelName(ChatJson.MODEL)
				.build();
		}

		@Override
		public Open open() {
			BlockingQueue<Object> events = new LinkedBlockingQueue<>();
			this.chatModel.chat(ChatJson.PROMPT, new StreamingChatResponseHandler() {

				@Override
				public void onPartialResponse(String partialResponse) {
					events.add(partialResponse);
				}

				@Override
				public void onCompleteResponse(ChatResponse completeResponse) {
					events.add(END);
				}

				@Override
				public void onError(Throwable error) {
					events.add(error);
				}

			});
			return new Open() {

				@Override
				public String firstChunk() {
					return (String) take(events);
				}

				@Override
				public int rest() {
					int count = 0;
					for (Object event = take(events); event != END; event = take(events)) {
						count++;
					}
					return count;
				}

			};
		}

		private static Object take(BlockingQueue<Object> events) {
			try {
				Object event = events.take();
				if (event instanceof Throwable error) {
					throw new IllegalStateException(error);
				}
				return event;
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}

	}

}
