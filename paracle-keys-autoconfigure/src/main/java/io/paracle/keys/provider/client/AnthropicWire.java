package io.paracle.keys.provider.client;

import java.io.IOException;
import java.util.List;
import java.util.function.BiConsumer;

import io.paracle.keys.provider.ChatMessage;
import io.paracle.keys.provider.ChatRequest;
import io.paracle.keys.provider.ChatResponse;
import io.paracle.keys.provider.ChatRole;
import io.paracle.keys.resolve.ApiKey;
import org.jspecify.annotations.Nullable;
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
		JsonNode json = post(key, attempt, body, "/v1/messages").body();
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

}
