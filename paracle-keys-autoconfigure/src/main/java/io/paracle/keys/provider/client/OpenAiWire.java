package io.paracle.keys.provider.client;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

import io.paracle.keys.provider.ChatMessage;
import io.paracle.keys.provider.ChatRequest;
import io.paracle.keys.provider.ChatResponse;
import io.paracle.keys.provider.ChatStream;
import io.paracle.keys.resolve.ApiKey;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The OpenAI chat completions format, spoken by OpenAI and the OpenAI-compatible providers:
 * {@code POST {base}/chat/completions} and {@code GET {base}/models} with {@code Authorization: Bearer}.
 *
 * <pre>
 * {"model":"gpt-4o-mini","messages":[{"role":"system","content":"..."},{"role":"user","content":"..."}],
 *  "temperature":0.2,"max_tokens":100}
 * </pre>
 *
 * @author paracle-keys
 */
class OpenAiWire extends HttpTransport {

	/**
	 * The OpenAI-compatible providers that refuse or ignore {@code stream_options} and report the usage of a
	 * stream on its last chunks anyway (Mistral, Perplexity).
	 */
	private static final Set<String> USAGE_WITHOUT_STREAM_OPTIONS = Set.of("mistral", "perplexity");

	private final boolean includeUsageOption;

	OpenAiWire(LlmProviderContext context) {
		super(context);
		this.includeUsageOption = !USAGE_WITHOUT_STREAM_OPTIONS.contains(context.descriptor().id());
	}

	/**
	 * Stream with {@code "stream": true} and, where the provider accepts it,
	 * {@code "stream_options": {"include_usage": true}} (a last chunk with the usage and no choices); the chunks are
	 * {@code data:} lines of {@code chat.completion.chunk} objects, the end {@code data: [DONE]}.
	 */
	@Override
	public ChatStream stream(ChatRequest request, String model, @Nullable ApiKey key, ExchangeAttempt attempt)
			throws IOException {
		return stream(key, attempt, streamBody(chatBody(request, model), this.includeUsageOption), model,
				new ChunkDecoder(), "/chat/completions");
	}

	static ObjectNode streamBody(ObjectNode body, boolean includeUsage) {
		body.put("stream", true);
		if (includeUsage) {
			body.putObject("stream_options").put("include_usage", true);
		}
		return body;
	}

	@Override
	public ChatResponse chat(ChatRequest request, String model, @Nullable ApiKey key, ExchangeAttempt attempt)
			throws IOException {
		return post(key, attempt, chatBody(request, model), (parser) -> readAnswer(parser, model, attempt),
				"/chat/completions");
	}

	@Override
	public List<String> listModels(@Nullable ApiKey key, ExchangeAttempt attempt)
			throws IOException {
		return Json.strings(get(key, attempt, "/models").body().path("data"), "id");
	}

	@Override
	public int verify(@Nullable ApiKey key, ExchangeAttempt attempt)
			throws IOException {
		return get(key, attempt, "/models").status();
	}

	ObjectNode chatBody(ChatRequest request, @Nullable String model) {
		ObjectNode body = Json.object();
		if (model != null) {
			body.put("model", model);
		}
		ArrayNode messages = body.putArray("messages");
		for (ChatMessage message : request.messages()) {
			messages.addObject().put("role", role(message)).put("content", message.content());
		}
		if (request.temperature() != null) {
			body.put("temperature", request.temperature());
		}
		if (request.maxTokens() != null) {
			body.put("max_tokens", request.maxTokens());
		}
		return body;
	}

	/**
	 * Read a chat completion and refuse one without an answer: no choices, or a first choice without a
	 * {@code message} object (an empty body, {@code {}}, {@code "choices": []}).
	 */
	static ChatResponse readAnswer(JsonParser parser, String model, ExchangeAttempt attempt) {
		boolean[] answered = new boolean[1];
		ChatResponse response = readChat(parser, model, answered);
		if (!answered[0]) {
			throw attempt.noAnswerInBody(200, "no choice with a message");
		}
		return response;
	}

	static ChatResponse readChat(JsonParser parser, String model) {
		return readChat(parser, model, new boolean[1]);
	}

	/**
	 * Read a chat completion as it streams in, without building its tree (about 3&nbsp;KB less per call, see
	 * BENCHMARKS.md). Lenient: a missing or mistyped field reads as empty ({@code ""} text, no finish reason, 0
	 * tokens, no id, the requested model), and fields it does not know are skipped.
	 */
	static ChatResponse readChat(JsonParser parser, String model, boolean[] answered) {
		String text = null;
		String finishReason = null;
		long inputTokens = 0;
		long outputTokens = 0;
		String id = null;
		String answeredBy = null;
		if (parser.nextToken() == JsonToken.START_OBJECT) {
			while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
				String name = parser.currentName();
				JsonToken value = parser.nextToken();
				switch (name) {
					case "id" -> id = Json.text(parser);
					case "model" -> answeredBy = Json.text(parser);
					case "choices" -> {
						if (value != JsonToken.START_ARRAY) {
							parser.skipChildren();
						}
						else if (parser.nextToken() == JsonToken.START_OBJECT) {
							// the first choice; the others are skipped
							while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
								String choiceField = parser.currentName();
								JsonToken choiceValue = parser.nextToken();
								if ("finish_reason".equals(choiceField)) {
									finishReason = Json.text(parser);
								}
								else if ("message".equals(choiceField) && choiceValue == JsonToken.START_OBJECT) {
									answered[0] = true;
									text = readContent(parser);
								}
								else {
									parser.skipChildren();
								}
							}
							skipRest(parser);
						}
						else if (parser.currentToken() != JsonToken.END_ARRAY) {
							// a first choice that is no object
							parser.skipChildren();
							skipRest(parser);
						}
					}
					case "usage" -> {
						if (value == JsonToken.START_OBJECT) {
							while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
								String usageField = parser.currentName();
								parser.nextToken();
								switch (usageField) {
									case "prompt_tokens" -> inputTokens = Json.number(parser);
									case "completion_tokens" -> outputTokens = Json.number(parser);
									default -> parser.skipChildren();
								}
							}
						}
						else {
							parser.skipChildren();
						}
					}
					default -> parser.skipChildren();
				}
			}
		}
		return new ChatResponse((text != null) ? text : "", finishReason, inputTokens, outputTokens, id,
				(answeredBy != null) ? answeredBy : model);
	}

	/**
	 * Read the {@code content} of a message object, leaving the parser at its end.
	 */
	private static @Nullable String readContent(JsonParser parser) {
		String content = null;
		while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
			boolean isContent = "content".equals(parser.currentName());
			parser.nextToken();
			if (isContent) {
				content = Json.text(parser);
			}
			else {
				parser.skipChildren();
			}
		}
		return content;
	}

	/**
	 * Skip the remaining elements of the array the parser is in, up to and including its end.
	 */
	private static void skipRest(JsonParser parser) {
		for (JsonToken token = parser.nextToken(); token != null && token != JsonToken.END_ARRAY;
				token = parser.nextToken()) {
			parser.skipChildren();
		}
	}

	private static String role(ChatMessage message) {
		return switch (message.role()) {
			case SYSTEM -> "system";
			case USER -> "user";
			case ASSISTANT -> "assistant";
		};
	}

	/**
	 * Reads {@code chat.completion.chunk} events without building their trees: the first choice's
	 * {@code delta.content} and {@code finish_reason}, the {@code usage} (on the last chunk, or on every chunk for
	 * some providers: the last one wins), the model once; a chunk with an {@code error} object ends the stream with
	 * the error's type as status.
	 */
	static final class ChunkDecoder extends StreamDecoder {

		private static final byte[] DONE = "[DONE]".getBytes(StandardCharsets.US_ASCII);

		@Override
		boolean isEndMarker(SseReader events) {
			return events.dataIs(DONE);
		}

		@Override
		boolean readsTokensOnly() {
			return true;
		}

		@Override
		@Nullable String decode(@Nullable String event, JsonParser parser, SseReader events,
				ExchangeAttempt attempt) {
			String text = null;
			if (parser.nextToken() != JsonToken.START_OBJECT) {
				return null;
			}
			while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
				String name = parser.currentName();
				JsonToken value = parser.nextToken();
				switch (name) {
					case "model" -> {
						if (this.model == null) {
							this.model = Json.text(parser);
						}
					}
					case "choices" -> {
						if (value == JsonToken.START_ARRAY) {
							text = readFirstChoice(parser);
						}
						else {
							parser.skipChildren();
						}
					}
					case "usage" -> {
						if (value == JsonToken.START_OBJECT) {
							readUsage(parser);
						}
					}
					case "error" -> throw error(events.dataAsString(), attempt);
					default -> parser.skipChildren();
				}
			}
			return text;
		}

		private @Nullable String readFirstChoice(JsonParser parser) {
			String text = null;
			if (parser.nextToken() == JsonToken.START_OBJECT) {
				while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
					String field = parser.currentName();
					JsonToken value = parser.nextToken();
					if ("delta".equals(field) && value == JsonToken.START_OBJECT) {
						text = readContent(parser);
					}
					else if ("finish_reason".equals(field) && value == JsonToken.VALUE_STRING) {
						this.finishReason = parser.getString();
					}
					else {
						parser.skipChildren();
					}
				}
				skipRest(parser);
			}
			else if (parser.currentToken() != JsonToken.END_ARRAY) {
				parser.skipChildren();
				skipRest(parser);
			}
			return text;
		}

		private void readUsage(JsonParser parser) {
			while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
				String field = parser.currentName();
				parser.nextToken();
				switch (field) {
					case "prompt_tokens" -> this.inputTokens = Json.number(parser);
					case "completion_tokens" -> this.outputTokens = Json.number(parser);
					default -> parser.skipChildren();
				}
			}
		}

		private static RuntimeException error(String error, ExchangeAttempt attempt) {
			return attempt.failed(statusOfErrorType(ProviderErrors.errorType(error)), null, error);
		}

	}

}
