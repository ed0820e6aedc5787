package io.paracle.keys.provider.client;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

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
 * The Gemini API: {@code POST {base}/v1beta/models/{model}:generateContent} and {@code GET {base}/v1beta/models}
 * with the key in the {@code x-goog-api-key} header, never in a {@code ?key=} query parameter. Roles are
 * {@code user} and {@code model}; system messages become {@code systemInstruction}; temperature and max tokens
 * go in {@code generationConfig}.
 *
 * @author paracle-keys
 */
class GeminiWire extends HttpTransport {

	private static final String MODELS_PREFIX = "models/";

	GeminiWire(LlmProviderContext context) {
		super(context);
	}

	@Override
	public ChatResponse chat(ChatRequest request, String model, @Nullable ApiKey key, ExchangeAttempt attempt)
			throws IOException {
		ObjectNode body = body(request);
		String modelId = modelId(model);
		JsonNode json = post(key, attempt, body, "/v1beta/models/{model}:generateContent", modelId).body();
		JsonNode candidate = json.path("candidates").path(0);
		if (!candidate.path("content").isObject()) {
			String blocked = Json.text(json.path("promptFeedback").path("blockReason"));
			throw attempt.noAnswerInBody(200, (blocked != null) ? "prompt blocked: " + blocked : "no candidate content");
		}
		StringBuilder text = new StringBuilder();
		for (JsonNode part : candidate.path("content").path("parts")) {
			String value = Json.text(part.path("text"));
			text.append((value != null) ? value : "");
		}
		JsonNode usage = json.path("usageMetadata");
		String answeredBy = Json.text(json.path("modelVersion"));
		return new ChatResponse(text.toString(), Json.text(candidate.path("finishReason")),
				Json.number(usage.path("promptTokenCount")), Json.number(usage.path("candidatesTokenCount")),
				Json.text(json.path("responseId")), (answeredBy != null) ? answeredBy : modelId);
	}

	/**
	 * Stream from {@code :streamGenerateContent?alt=sse} (the key in {@code x-goog-api-key}, never in the URL):
	 * each {@code data:} a whole {@code GenerateContentResponse} with the next text; the last ones carry the finish
	 * reason and the usage; the stream just ends.
	 */
	@Override
	public ChatStream stream(ChatRequest request, String model, @Nullable ApiKey key, ExchangeAttempt attempt)
			throws IOException {
		String modelId = modelId(model);
		return stream(key, attempt, body(request), modelId, new ResponseDecoder(),
				"/v1beta/models/{model}:streamGenerateContent?alt=sse", modelId);
	}

	private static String modelId(String model) {
		return model.startsWith(MODELS_PREFIX) ? model.substring(MODELS_PREFIX.length()) : model;
	}

	private static ObjectNode body(ChatRequest request) {
		ObjectNode body = Json.object();
		ArrayNode contents = body.putArray("contents");
		ArrayNode systemParts = null;
		for (ChatMessage message : request.messages()) {
			if (message.role() == ChatRole.SYSTEM) {
				if (systemParts == null) {
					systemParts = body.putObject("systemInstruction").putArray("parts");
				}
				systemParts.addObject().put("text", message.content());
			}
			else {
				ObjectNode content = contents.addObject();
				content.put("role", (message.role() == ChatRole.USER) ? "user" : "model");
				content.putArray("parts").addObject().put("text", message.content());
			}
		}
		if (request.temperature() != null || request.maxTokens() != null) {
			ObjectNode config = body.putObject("generationConfig");
			if (request.temperature() != null) {
				config.put("temperature", request.temperature());
			}
			if (request.maxTokens() != null) {
				config.put("maxOutputTokens", request.maxTokens());
			}
		}
		return body;
	}

	@Override
	public List<String> listModels(@Nullable ApiKey key, ExchangeAttempt attempt)
			throws IOException {
		List<String> names = Json.strings(get(key, attempt, "/v1beta/models").body().path("models"), "name");
		List<String> ids = new ArrayList<>(names.size());
		for (String name : names) {
			ids.add(name.startsWith(MODELS_PREFIX) ? name.substring(MODELS_PREFIX.length()) : name);
		}
		return ids;
	}

	@Override
	public int verify(@Nullable ApiKey key, ExchangeAttempt attempt)
			throws IOException {
		return get(key, attempt, "/v1beta/models").status();
	}

	/**
	 * Reads each event as a {@code GenerateContentResponse}: the text parts of the first candidate, its
	 * {@code finishReason}, the {@code usageMetadata} (the last one wins) and the {@code modelVersion}; an
	 * {@code error} object ends the stream with its {@code code} as status.
	 */
	static final class ResponseDecoder extends StreamDecoder {

		@Override
		boolean endsWithEvent() {
			return false;
		}

		@Override
		@Nullable String decode(@Nullable String event, JsonParser data, SseReader events,
				ExchangeAttempt attempt) {
			JsonNode json = Json.readTree(data);
			JsonNode error = json.path("error");
			if (error.isObject()) {
				int code = (int) Json.number(error.path("code"));
				int status = (code >= 400 && code <= 599) ? code : statusOfErrorType(Json.text(error.path("status")));
				throw attempt.failed(status, null, json.toString());
			}
			if (this.model == null) {
				this.model = Json.text(json.path("modelVersion"));
			}
			JsonNode usage = json.path("usageMetadata");
			if (usage.isObject()) {
				this.inputTokens = Json.number(usage.path("promptTokenCount"));
				this.outputTokens = Json.number(usage.path("candidatesTokenCount"));
			}
			JsonNode candidate = json.path("candidates").path(0);
			String finishReason = Json.text(candidate.path("finishReason"));
			if (finishReason != null) {
				this.finishReason = finishReason;
			}
			StringBuilder text = null;
			for (JsonNode part : candidate.path("content").path("parts")) {
				String value = Json.text(part.path("text"));
				if (value != null && !part.path("thought").asBoolean(false)) {
					text = (text != null) ? text.append(value) : new StringBuilder(value);
				}
			}
			return (text != null) ? text.toString() : null;
		}

	}

}
