package io.paracle.keys.provider.client;

import java.io.IOException;
import java.util.List;
import java.util.Locale;

import io.paracle.keys.provider.ChatMessage;
import io.paracle.keys.provider.ChatRequest;
import io.paracle.keys.provider.ChatResponse;
import io.paracle.keys.resolve.ApiKey;
import org.jspecify.annotations.Nullable;
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
		JsonNode json = post(key, attempt, body, "/v2/chat").body();
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

}
