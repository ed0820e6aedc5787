package io.paracle.keys.provider.client;

import java.io.IOException;
import java.util.List;
import java.util.function.BiConsumer;

import io.paracle.keys.provider.ChatMessage;
import io.paracle.keys.provider.ChatRequest;
import io.paracle.keys.provider.ChatResponse;
import io.paracle.keys.provider.ChatStream;
import io.paracle.keys.provider.ChatRole;
import io.paracle.keys.resolve.ApiKey;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The Anthropic Messages API: {@code POST {base}/v1/messages} and {@code GET {base}/v1/models} with the
 * {@code x-api-key} and {@code anthropic-version: 2023-06-01} headers. System messages become the top-level
 * {@code system} field; {@code max_tokens}, which Anthropic requires, defaults to {@value #DEFAULT_MAX_TOKENS}.
 *
 * @author paracle-keys
 */
class AnthropicWire extends HttpTransport {

	static final String VERSION = "2023-06-01";

	static final int DEFAULT_MAX_TOKENS = 1024;

	AnthropicWire(LlmProviderContext context) {
		super(context);
	}

	@Override
	void addHeaders(BiConsumer<String, String> headers) {
		headers.accept("anthropic-version", VERSION);
	}

	@Override
	public ChatResponse chat(ChatRequest request, String model, @Nullable ApiKey key, ExchangeAttempt attempt)
			throws IOException {
		JsonNode json = post(key, attempt, body(request, model), "/v1/messages").body();
		if (!json.path("content").isArray()) {
			throw attempt.noAnswerInBody(200, "no content");
		}
		StringBuilder text = new StringBuilder();
		for (JsonNode block : json.path("content")) {
			if ("text".equals(Json.text(block.path("type")))) {
				String part = Json.text(block.path("text"));
				text.append((part != null) ? part : "");
			}
		}
		JsonNode usage = json.path("usage");
		String answeredBy = Json.text(json.path("model"));
		return new ChatResponse(text.toString(), Json.text(json.path("stop_reason")),
				Json.number(usage.path("input_tokens")), Json.number(usage.path("output_tokens")),
				Json.text(json.path("id")), (answeredBy != null) ? answeredBy : model);
	}

	/**
	 * Stream with {@code "stream": true}: {@code event:}/{@code data:} pairs {@code message_start} (model, input
	 * tokens), {@code content_block_start}, {@code content_block_delta} ({@code text_delta}),
	 * {@code content_block_stop}, {@code message_delta} (stop reason, output tokens), {@code message_stop}, with
	 * {@code ping} anywhere and {@code error} events that end the stream.
	 */
	@Override
	public ChatStream stream(ChatRequest request, String model, @Nullable ApiKey key, ExchangeAttempt attempt)
			throws IOException {
		ObjectNode body = body(request, model);
		body.put("stream", true);
		return stream(key, attempt, body, model, new EventDecoder(), "/v1/messages");
	}

	private static ObjectNode body(ChatRequest request, String model) {
		ObjectNode body = Json.object();
		body.put("model", model);
		body.put("max_tokens", (request.maxTokens() != null) ? request.maxTokens() : DEFAULT_MAX_TOKENS);
		StringBuilder system = new StringBuilder();
		ArrayNode messages = Json.object().arrayNode();
		for (ChatMessage message : request.messages()) {
			if (message.role() == ChatRole.SYSTEM) {
				system.append((system.length() > 0) ? "\n\n" : "").append(message.content());
			}
			else {
				messages.addObject()
					.put("role", (message.role() == ChatRole.USER) ? "user" : "assistant")
					.put("content", message.content());
			}
		}
		if (system.length() > 0) {
			body.put("system", system.toString());
		}
		body.set("messages", messages);
		if (request.temperature() != null) {
			body.put("temperature", request.temperature());
		}
		return body;
	}

	@Override
	public List<String> listModels(@Nullable ApiKey key, ExchangeAttempt attempt)
			throws IOException {
		return Json.strings(get(key, attempt, "/v1/models").body().path("data"), "id");
	}

	@Override
	public int verify(@Nullable ApiKey key, ExchangeAttempt attempt)
			throws IOException {
		return get(key, attempt, "/v1/models").status();
	}

	/**
	 * Reads the Messages API's stream events by the {@code type} of their data (which the {@code event:} name
	 * repeats): text from {@code text_delta}s, the model and input tokens from {@code message_start}, the stop
	 * reason and output tokens from {@code message_delta}; {@code ping} and unknown events are skipped; an
	 * {@code error} event ends the stream as the HTTP status its type stands for ({@code overloaded_error} 529).
	 */
	static final class EventDecoder extends StreamDecoder {

		@Override
		@Nullable String decode(@Nullable String event, JsonParser data, SseReader events,
				ExchangeAttempt attempt) {
			JsonNode json = Json.readTree(data);
			String type = Json.text(json.path("type"));
			if (type == null) {
				type = event;
			}
			if (type == null) {
				return null;
			}
			switch (type) {
				case "message_start" -> {
					JsonNode message = json.path("message");
					this.model = Json.text(message.path("model"));
					this.inputTokens = Json.number(message.path("usage").path("input_tokens"));
					this.outputTokens = Json.number(message.path("usage").path("output_tokens"));
				}
				case "content_block_delta" -> {
					JsonNode delta = json.path("delta");
					if ("text_delta".equals(Json.text(delta.path("type")))) {
						return Json.text(delta.path("text"));
					}
				}
				case "message_delta" -> {
					String stopReason = Json.text(json.path("delta").path("stop_reason"));
					if (stopReason != null) {
						this.finishReason = stopReason;
					}
					JsonNode usage = json.path("usage");
					if (usage.has("output_tokens")) {
						this.outputTokens = Json.number(usage.path("output_tokens"));
					}
					if (usage.has("input_tokens") && Json.number(usage.path("input_tokens")) > 0) {
						this.inputTokens = Json.number(usage.path("input_tokens"));
					}
				}
				case "message_stop" -> this.done = true;
				case "error" -> {
					String errorType = Json.text(json.path("error").path("type"));
					throw attempt.failed(statusOfErrorType(errorType), null, json.toString());
				}
				default -> {
					// ping, content_block_start, content_block_stop and events added later
				}
			}
			return null;
		}

	}

}
