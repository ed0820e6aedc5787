package io.paracle.keys.sample;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import io.paracle.keys.provider.ChatRequest;
import io.paracle.keys.provider.ChatResponse;
import io.paracle.keys.provider.InvalidApiKeyException;
import io.paracle.keys.provider.LlmProvider;
import io.paracle.keys.provider.LlmProviders;
import io.paracle.keys.resolve.Fingerprints;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpHeaders;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The guide's "Verify" step: {@code POST /api/v1/agents/test} with {@code {"message": "test"}} calls a provider
 * and answers with the reply, provider, model, key fingerprint and token counts.
 * <p>
 * With {@code Authorization: Bearer <key>} (the guide's rotation step 4), this one call uses that key instead of
 * the configured one, and the reply says whether it worked; the key is never logged, stored or echoed — only its
 * fingerprint. The body is read whatever its content type, so the guide's curl command works as written.
 *
 * @author paracle-keys
 */
@RestController
class AgentTestController {

	private static final JsonMapper json = JsonMapper.builder().build();

	private final LlmProviders providers;

	private final String defaultProvider;

	AgentTestController(LlmProviders providers, @Value("${paracle.sample.provider:openai}") String defaultProvider) {
		this.providers = providers;
		this.defaultProvider = defaultProvider;
	}

	@PostMapping("/api/v1/agents/test")
	Map<String, Object> test(@RequestBody(required = false) @Nullable String body,
			@RequestParam(name = "provider", required = false) @Nullable String provider,
			@RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) @Nullable String authorization) {
		String name = (provider != null && !provider.isBlank()) ? provider : this.defaultProvider;
		LlmProvider llm = this.providers.find(name).orElseThrow(() -> new UnknownProviderException(name,
				this.providers.names()));
		String overrideKey = bearerKey(authorization);
		ChatRequest.Builder request = ChatRequest.builder().user(message(body));
		if (overrideKey != null) {
			request.apiKey(overrideKey);
		}
		try {
			ChatResponse response = llm.chat(request.build());
			return reply(name, response, overrideKey);
		}
		catch (InvalidApiKeyException ex) {
			if (overrideKey != null) {
				throw new KeyOverrideRejectedException(name, Fingerprints.of(overrideKey), ex);
			}
			throw ex;
		}
	}

	private static Map<String, Object> reply(String provider, ChatResponse response, @Nullable String overrideKey) {
		Map<String, Object> reply = new LinkedHashMap<>();
		reply.put("reply", response.text());
		reply.put("provider", provider);
		if (response.provider() != null && !response.provider().equals(provider)) {
			reply.put("answeredBy", response.provider());
		}
		reply.put("model", response.model());
		reply.put("fingerprint", response.keyFingerprint());
		reply.put("inputTokens", response.inputTokens());
		reply.put("outputTokens", response.outputTokens());
		if (overrideKey != null) {
			Map<String, Object> keyTest = new LinkedHashMap<>();
			keyTest.put("worked", true);
			keyTest.put("fingerprint", Fingerprints.of(overrideKey));
			keyTest.put("note", "This call used the key from the Authorization header only; it was not stored.");
			reply.put("keyTest", keyTest);
		}
		return reply;
	}

	private static String message(@Nullable String body) {
		if (body == null || body.isBlank()) {
			throw new BadMessageException("The body must be JSON with a message, e.g. {\"message\": \"test\"}.");
		}
		JsonNode node = readJson(body);
		if (node == null) {
			// curl -d without a Content-Type sends a form: the servlet container hands the JSON back URL-encoded
			node = readJson(stripFormEquals(URLDecoder.decode(body, StandardCharsets.UTF_8)));
		}
		if (node == null) {
			throw new BadMessageException("The body is not JSON; send {\"message\": \"test\"}.");
		}
		String message = node.path("message").asString(null);
		if (message == null || message.isBlank()) {
			throw new BadMessageException("The JSON body has no \"message\", e.g. {\"message\": \"test\"}.");
		}
		return message;
	}

	private static @Nullable JsonNode readJson(String body) {
		try {
			return json.readTree(body);
		}
		catch (JacksonException ex) {
			return null;
		}
	}

	private static String stripFormEquals(String body) {
		return body.endsWith("=") ? body.substring(0, body.length() - 1) : body;
	}

	private static @Nullable String bearerKey(@Nullable String authorization) {
		if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
			return null;
		}
		String key = authorization.substring(7).strip();
		return key.isEmpty() ? null : key;
	}

}
