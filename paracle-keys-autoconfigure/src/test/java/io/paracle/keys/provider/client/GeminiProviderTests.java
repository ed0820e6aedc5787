package io.paracle.keys.provider.client;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.paracle.keys.metrics.ApiCallTracker;
import io.paracle.keys.provider.ChatRequest;
import io.paracle.keys.provider.ChatResponse;
import io.paracle.keys.provider.LlmProvider;
import io.paracle.keys.testsupport.FakeProviderServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

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
 * Gemini's generateContent API against a fake server.
 */
class GeminiProviderTests {

	private final ProviderFixture fixture = ProviderFixture.GEMINI;

	private WireMockServer server;

	@BeforeEach
	void resetServer() {
		this.server = FakeProviderServer.reset();
	}

	@Test
	void chatPostsGenerateContentWithKeyInHeaderAndParsesTheAnswer() {
		this.server.stubFor(post(urlEqualTo("/v1beta/models/gemini-2.0-flash:generateContent")).willReturn(okJson("""
				{"candidates":[{"content":{"parts":[{"text":"An API key is a secret token"},
				   {"text":" that identifies you."}],"role":"model"},
				  "finishReason":"STOP","avgLogprobs":-0.12}],
				 "usageMetadata":{"promptTokenCount":18,"candidatesTokenCount":8,"totalTokenCount":26,
				  "promptTokensDetails":[{"modality":"TEXT","tokenCount":18}]},
				 "modelVersion":"gemini-2.0-flash-001","responseId":"6nDQaKWmB7SmnvgP5u2n4Ac"}""")));
		LlmProvider provider = this.fixture.create(ApiCallTracker.NOOP);
		assertThat(provider).isExactlyInstanceOf(GeminiProvider.class);
		ChatResponse response = provider.chat(ChatRequest.builder()
			.system("Answer in one sentence.")
			.user("What is an API key?")
			.assistant("A credential.")
			.user("Say more.")
			.temperature(0.7)
			.maxTokens(64)
			.build());
		assertThat(response.answeredBy(null, null)).isEqualTo(new ChatResponse("An API key is a secret token that identifies you.", "STOP",
				18, 8, "6nDQaKWmB7SmnvgP5u2n4Ac", "gemini-2.0-flash-001"));
		this.server.verify(1, postRequestedFor(urlEqualTo("/v1beta/models/gemini-2.0-flash:generateContent"))
			.withHeader("x-goog-api-key", equalTo("AIza-test-gemini-0001"))
			.withHeader("Content-Type", equalTo("application/json"))
			.withoutHeader("Authorization")
			.withoutQueryParam("key")
			.withRequestBody(equalToJson("""
					{"contents":[{"role":"user","parts":[{"text":"What is an API key?"}]},
					  {"role":"model","parts":[{"text":"A credential."}]},
					  {"role":"user","parts":[{"text":"Say more."}]}],
					 "systemInstruction":{"parts":[{"text":"Answer in one sentence."}]},
					 "generationConfig":{"temperature":0.7,"maxOutputTokens":64}}""", false, false)));
	}

	@Test
	void chatUsesTheRequestModelInThePath() {
		this.server.stubFor(post(urlEqualTo("/v1beta/models/gemini-1.5-pro:generateContent"))
			.willReturn(okJson("{\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"Hi\"}]},\"finishReason\":\"STOP\"}]}")));
		ChatResponse response = this.fixture.create(ApiCallTracker.NOOP)
			.chat(ChatRequest.builder().model("models/gemini-1.5-pro").user("Hello").build());
		assertThat(response.answeredBy(null, null)).isEqualTo(new ChatResponse("Hi", "STOP", 0, 0, null, "gemini-1.5-pro"));
		this.server.verify(postRequestedFor(urlEqualTo("/v1beta/models/gemini-1.5-pro:generateContent"))
			.withRequestBody(equalToJson("{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"Hello\"}]}]}",
					false, false)));
	}

	@Test
	void listModelsGetsV1betaModelsWithoutPrefix() {
		this.server.stubFor(get(urlEqualTo("/v1beta/models")).willReturn(okJson("""
				{"models":[{"name":"models/gemini-2.0-flash","version":"2.0","displayName":"Gemini 2.0 Flash",
				  "supportedGenerationMethods":["generateContent","countTokens"]},
				 {"name":"models/gemini-1.5-pro","version":"001","displayName":"Gemini 1.5 Pro"}],
				 "nextPageToken":"Ch5tb2RlbHMvZ2VtaW5p"}""")));
		LlmProvider provider = this.fixture.create(ApiCallTracker.NOOP);
		assertThat(provider.listModels()).containsExactly("gemini-2.0-flash", "gemini-1.5-pro");
		assertThat(provider.verifyKey().isValid()).isTrue();
		this.server.verify(2, getRequestedFor(urlEqualTo("/v1beta/models"))
			.withHeader("x-goog-api-key", equalTo("AIza-test-gemini-0001")));
	}

}
