package io.paracle.keys.provider.client;

import java.util.List;

import io.paracle.keys.metrics.ApiCall;
import io.paracle.keys.provider.ChatMessage;
import io.paracle.keys.provider.ChatRequest;
import io.paracle.keys.provider.ChatResponse;
import io.paracle.keys.resolve.ApiKey;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
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

	OpenAiWire(LlmProviderContext context) {
		super(context);
	}

	@Override
	public ChatResponse chat(ChatRequest request, String model, @Nullable ApiKey key, ApiCall call) {
		return parseChat(post(key, call, chatBody(request, model), "/chat/completions").body(), model);
	}

	@Override
	public List<String> listModels(@Nullable ApiKey key, ApiCall call) {
		return Json.strings(get(key, call, "/models").body().path("data"), "id");
	}

	@Override
	public int verify(@Nullable ApiKey key, ApiCall call) {
		return get(key, call, "/models").status();
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

	static ChatResponse parseChat(JsonNode json, String model) {
		JsonNode choice = json.path("choices").path(0);
		String text = Json.text(choice.path("message").path("content"));
		JsonNode usage = json.path("usage");
		String answeredBy = Json.text(json.path("model"));
		return new ChatResponse((text != null) ? text : "", Json.text(choice.path("finish_reason")),
				Json.number(usage.path("prompt_tokens")), Json.number(usage.path("completion_tokens")),
				Json.text(json.path("id")), (answeredBy != null) ? answeredBy : model);
	}

	private static String role(ChatMessage message) {
		return switch (message.role()) {
			case SYSTEM -> "system";
			case USER -> "user";
			case ASSISTANT -> "assistant";
		};
	}

}
