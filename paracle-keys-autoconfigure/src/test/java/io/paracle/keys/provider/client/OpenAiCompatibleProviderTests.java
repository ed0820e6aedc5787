package io.paracle.keys.provider.client;

import java.util.List;
import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.paracle.keys.catalog.ProviderCatalog;
import io.paracle.keys.metrics.ApiCallTracker;
import io.paracle.keys.provider.ChatRequest;
import io.paracle.keys.provider.ChatResponse;
import io.paracle.keys.provider.KeyVerification;
import io.paracle.keys.provider.LlmProvider;
import io.paracle.keys.resolve.ApiKeyResolver;
import io.paracle.keys.testsupport.FakeProviderServer;
import io.paracle.keys.testsupport.TestEnvironments;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.core.env.StandardEnvironment;
import org.springframework.web.client.RestClient;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * OpenAI and the eight OpenAI-compatible providers against a fake server: one wire format, nine catalog entries.
 */
class OpenAiCompatibleProviderTests {

	private static final Map<String, String> DEFAULT_BASE_URLS = Map.of("openai", "https://api.openai.com/v1", "xai",
			"https://api.x.ai/v1", "deepseek", "https://api.deepseek.com", "groq", "https://api.groq.com/openai/v1",
			"mistral", "https://api.mistral.ai/v1", "together", "https://api.together.xyz/v1", "perplexity",
			"https://api.perplexity.ai", "openrouter", "https://openrouter.ai/api/v1", "fireworks",
			"https://api.fireworks.ai/inference/v1");

	private WireMockServer server;

	@BeforeEach
	void resetServer() {
		this.server = FakeProviderServer.reset();
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("io.paracle.keys.provider.client.ProviderFixture#openAiCompatible")
	void chatPostsChatCompletionWithBearerKeyAndParsesTheAnswer(ProviderFixture fixture) {
		String model = fixture.defaultModel();
		this.server.stubFor(post(urlEqualTo(fixture.basePath() + "/chat/completions")).willReturn(okJson("""
				{"id":"chatcmpl-B9MHDbslfkBeAs8l4bebGdFOJ6PeG","object":"chat.completion","created":1741570283,
				 "model":"%s","choices":[{"index":0,"message":{"role":"assistant",
				 "content":"An API key is a secret token that identifies the caller.","refusal":null,"annotations":[]},
				 "logprobs":null,"finish_reason":"stop"}],
				 "usage":{"prompt_tokens":23,"completion_tokens":12,"total_tokens":35,
				  "prompt_tokens_details":{"cached_tokens":0,"audio_tokens":0},
				  "completion_tokens_details":{"reasoning_tokens":0}},
				 "service_tier":"default","system_fingerprint":"fp_06737a9306"}""".formatted(model))));
		LlmProvider provider = fixture.create(ApiCallTracker.NOOP);
		assertThat(provider).isExactlyInstanceOf(fixture.type()).isInstanceOf(OpenAiCompatibleProvider.class);
		assertThat(provider.name()).isEqualTo(fixture.id());
		ChatResponse response = provider.chat(ChatRequest.builder()
			.system("Answer in one sentence.")
			.user("What is an API key?")
			.assistant("A credential.")
			.user("Say more.")
			.temperature(0.2)
			.maxTokens(100)
			.build());
		assertThat(response.answeredBy(null, null)).isEqualTo(new ChatResponse("An API key is a secret token that identifies the caller.",
				"stop", 23, 12, "chatcmpl-B9MHDbslfkBeAs8l4bebGdFOJ6PeG", model));
		this.server.verify(1, postRequestedFor(urlEqualTo(fixture.basePath() + "/chat/completions"))
			.withHeader("Authorization", equalTo("Bearer " + fixture.key()))
			.withHeader("Content-Type", equalTo("application/json"))
			.withHeader("Accept", equalTo("application/json"))
			.withoutHeader("x-api-key")
			.withoutHeader("api-key")
			.withRequestBody(equalToJson("""
					{"model":"%s","messages":[
					  {"role":"system","content":"Answer in one sentence."},
					  {"role":"user","content":"What is an API key?"},
					  {"role":"assistant","content":"A credential."},
					  {"role":"user","content":"Say more."}],
					 "temperature":0.2,"max_tokens":100}""".formatted(model), false, false)));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("io.paracle.keys.provider.client.ProviderFixture#openAiCompatible")
	void chatSendsOnlyModelAndMessagesByDefault(ProviderFixture fixture) {
		this.server.stubFor(post(urlEqualTo(fixture.basePath() + "/chat/completions")).willReturn(okJson("""
				{"id":"x","choices":[{"index":0,"message":{"role":"assistant","content":"Hi"},"finish_reason":"length"}]}
				""")));
		ChatResponse response = fixture.create(ApiCallTracker.NOOP, "paracle.providers." + fixture.id() + ".model=my-model")
			.chat("Hello");
		assertThat(response.answeredBy(null, null)).isEqualTo(new ChatResponse("Hi", "length", 0, 0, "x", "my-model"));
		this.server.verify(postRequestedFor(urlEqualTo(fixture.basePath() + "/chat/completions")).withRequestBody(
				equalToJson("{\"model\":\"my-model\",\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]}", false,
						false)));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("io.paracle.keys.provider.client.ProviderFixture#openAiCompatible")
	void listModelsGetsModelsWithBearerKey(ProviderFixture fixture) {
		this.server.stubFor(get(urlEqualTo(fixture.basePath() + "/models")).willReturn(okJson("""
				{"object":"list","data":[
				 {"id":"model-a","object":"model","created":1686935002,"owned_by":"system"},
				 {"id":"model-b","object":"model","created":1686935003,"owned_by":"system"}]}""")));
		LlmProvider provider = fixture.create(ApiCallTracker.NOOP);
		assertThat(provider.listModels()).containsExactly("model-a", "model-b");
		KeyVerification verification = provider.verifyKey();
		assertThat(verification.status()).isEqualTo(KeyVerification.Status.VALID);
		assertThat(verification.httpStatus()).isEqualTo(200);
		assertThat(verification.fingerprint()).isEqualTo(provider.keyDescription().fingerprints().get(0));
		this.server.verify(2, getRequestedFor(urlEqualTo(fixture.basePath() + "/models"))
			.withHeader("Authorization", equalTo("Bearer " + fixture.key())));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("io.paracle.keys.provider.client.ProviderFixture#openAiCompatible")
	void baseUrlDefaultsToTheCatalogUrl(ProviderFixture fixture) {
		StandardEnvironment environment = TestEnvironments
			.of("paracle.providers." + fixture.id() + ".api-key=" + fixture.key());
		LlmProviderFactory factory = new LlmProviderFactory(new ApiKeyResolver(environment, null), environment,
				RestClient::builder, List.of(), ApiCallTracker.NOOP, null);
		assertThat(factory.context(fixture.id()).baseUrl()).isEqualTo(DEFAULT_BASE_URLS.get(fixture.id()))
			.isEqualTo(ProviderCatalog.get(fixture.id()).defaultBaseUrl());
	}

}
