package io.paracle.keys.provider.client;

import java.io.IOException;
import java.util.List;
import java.util.Locale;

import io.paracle.keys.provider.ChatMessage;
import io.paracle.keys.provider.ChatRequest;
import io.paracle.keys.provider.ChatResponse;
import io.paracle.keys.provider.ChatStream;
import io.paracle.keys.resolve.ApiKey;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The Cohere v2 chat API: {@code POST {base}/v2/chat} and {@code GET {base}/v1/models} with
 * {@code Authorization: Bearer}. Messages keep the roles {@code system}, {@code user} and {@code assistant}.
 *
 * @author paracle-keys
 */
class CohereWire extends HttpTransport {

	CohereWire(LlmProviderContext context) {
		super(context);
	}

	@Override
	public ChatResponse chat(ChatRequest request, String model, @Nullable ApiKey key, ExchangeAttempt attempt)
			throws IOException {
		JsonNode json = post(key, attempt, body(request, model), "/v2/chat").body();
		if (!json.path("message").isObject()) {
			throw attempt.noAnswerInBody(200, "no message");
		}
		StringBuilder text = new StringBuilder();
		for (JsonNode block : json.path("message").path("content")) {
			if ("text".equals(Json.text(block.path("type")))) {
				String part = Json.text(block.path("text"));
				text.append((part != null) ? part : "");
			}
		}
		JsonNode usage = json.path("usage");
		JsonNode tokens = usage.has("tokens") ? usage.path("tokens") : usage.path("billed_units");
		return new ChatResponse(text.toString(), Json.text(json.path("finish_reason")),
				Json.number(tokens.path("input_tokens")), Json.number(tokens.path("output_tokens")),
				Json.text(json.path("id")), model);
	}

	/**
	 * Stream with {@code "stream": true}: events {@code message-start}, {@code content-start},
	 * {@code content-delta} (text in {@code delta.message.content.text}), {@code content-end} and
	 * {@code message-end} (finish reason and usage in its {@code delta}).
	 */
	@Override
	public ChatStream stream(ChatRequest request, String model, @Nullable ApiKey key, ExchangeAttempt attempt)
			throws IOException {
		ObjectNode body = body(request, model);
		body.put("stream", true);
		return stream(key, attempt, body, model, new EventDecoder(), "/v2/chat");
	}

	private static ObjectNode body(ChatRequest request, String model) {
		ObjectNode body = Json.object();
		body.put("model", model);
		ArrayNode messages = body.putArray("messages");
		for (ChatMessage message : request.messages()) {
			messages.addObject().put("role", message.role().name().toLowerCase(Locale.ROOT))
				.put("content", message.content());
		}
		if (request.temperature() != null) {
			body.put("temperature", request.temperature());
		}
		if (request.maxTokens() != null) {
			body.put("max_tokens", request.maxTokens());
		}
		return body;
	}

	@Override
	public List<String> listModels(@Nullable ApiKey key, ExchangeAttempt attempt)
			throws IOException {
		return Json.strings(get(key, attempt, "/v1/models").body().path("models"), "name");
	}

	@Override
	public int verify(@Nullable ApiKey key, ExchangeAttempt attempt)
			throws IOException {
		return get(key, attempt, "/v1/models").status();
	}

	/**
	 * Reads the v2 chat stream's events by the {@code type} of their data: text from {@code content-delta}, the
	 * finish reason and the usage ({@code tokens}, else {@code billed_units}) from {@code message-end}, which ends
	 * the stream; the other events ({@code message-start}, {@code content-start}, {@code content-end},
	 * {@code tool-*}, {@code citation-*}) carry no text.
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
			if ("content-delta".equals(type)) {
				return Json.text(json.path("delta").path("message").path("content").path("text"));
			}
			if ("message-end".equals(type)) {
				JsonNode delta = json.path("delta");
				this.finishReason = Json.text(delta.path("finish_reason"));
				JsonNode usage = delta.path("usage");
				JsonNode tokens = usage.has("tokens") ? usage.path("tokens") : usage.path("billed_units");
				this.inputTokens = Json.number(tokens.path("input_tokens"));
				this.outputTokens = Json.number(tokens.path("output_tokens"));
				this.done = true;
			}
			return null;
		}

	}

}
