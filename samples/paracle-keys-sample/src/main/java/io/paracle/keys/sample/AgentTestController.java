package io.paracle.keys.sample;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import io.paracle.keys.provider.ChatRequest;
import io.paracle.keys.provider.ChatResponse;
import io.paracle.keys.provider.InvalidApiKeyException;
import io.paracle.keys.provider.LlmProviders;
import io.paracle.keys.resolve.Fingerprints;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpHeaders;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The guide's "Verify" step: {@code POST /api/v1/agents/test} with {@code {"message": "test"}} calls a provider
 * and answers with the reply, provider, model, key fingerprint and token counts.
 * <p>
 * With {@code Authorization: Bearer <key>} (the guide's rotation step 4), this one call uses that key instead of
 * the configured one, and the reply says whether it worked; the key is never logged, stored or echoed — only its
 * fingerprint; it gets the same checks as a configured key (a 400 problem naming what is wrong). The body is
 * read as sent whatever its content type ({@link AgentRequestBody}), so the guide's curl command works as written.
 *
 * @author paracle-keys
 */
@RestController
class AgentTestController {

	private final LlmProviders providers;

	private final Map<String, SampleChatClient> clients = new TreeMap<>();

	private final String defaultProvider;

	AgentTestController(LlmProviders providers, List<SampleChatClient> clients,
			@Value("${paracle.sample.provider:openai}") String defaultProvider) {
		this.providers = providers;
		clients.forEach((client) -> this.clients.put(client.name(), client));
		this.defaultProvider = defaultProvider;
	}

	@PostMapping("/api/v1/agents/test")
	Map<String, Object> test(@RequestAttribute(AgentRequestBody.ATTRIBUTE) AgentRequestBody body,
			@RequestParam(name = "provider", required = false) @Nullable String provider,
			@RequestParam(name = "client", required = false) @Nullable String client,
			@RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) @Nullable String authorization) {
		String name = (provider != null && !provider.isBlank()) ? provider : this.defaultProvider;
		if (this.providers.find(name).isEmpty()) {
			throw new UnknownProviderException(name, this.providers.names());
		}
		SampleChatClient chatClient = chatClient(client);
		String overrideKey = AgentRequests.bearerKey(authorization);
		if (overrideKey != null && !SampleChatClient.PARACLE.equals(chatClient.name())) {
			throw new BadMessageException("client=" + chatClient.name() + " takes its keys from the configuration '"
					+ name + "'; a key in the Authorization header is tried by paracle's own client only (leave out ?client="
					+ chatClient.name() + " to test it).");
		}
		ChatRequest.Builder request = ChatRequest.builder().user(body.message());
		if (overrideKey != null) {
			request.apiKey(AgentRequests.perCallKey(overrideKey));
		}
		try {
			ChatResponse response = chatClient.chat(name, request.build());
			return reply(name, response, overrideKey);
		}
		catch (InvalidApiKeyException ex) {
			if (overrideKey != null) {
				throw new KeyOverrideRejectedException(name, Fingerprints.of(overrideKey), ex);
			}
			throw ex;
		}
	}

	private SampleChatClient chatClient(@Nullable String client) {
		String name = (client != null && !client.isBlank()) ? client.strip() : SampleChatClient.PARACLE;
		SampleChatClient chatClient = this.clients.get(name);
		if (chatClient == null) {
			throw new BadMessageException("Unknown client '" + name + "'. Available clients on this class path: "
					+ this.clients.keySet() + " (?client=<name>; without it paracle's own client answers).");
		}
		return chatClient;
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

}
