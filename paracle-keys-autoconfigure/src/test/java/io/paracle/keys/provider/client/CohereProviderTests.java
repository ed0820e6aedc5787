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
 * Cohere's v2 chat API against a fake server.
 */
class CohereProviderTests {

	private final ProviderFixture fixture = ProviderFixture.COHERE;

	private WireMockServer server;

	@BeforeEach
	void resetServer() {
		this.server = FakeProviderServer.reset();
	}

	@Test
	void chatPostsV2ChatWithBearerKeyAndParsesTheAnswer() {
		this.server.stubFor(post(urlEqualTo("/v2/chat")).willReturn(okJson("""
				{"id":"c14c80c3-18eb-4519-9460-6c92edd8cfb4","finish_reason":"COMPLETE",
				 "message":{"role":"assistant","content":[{"type":"text","text":"An API key is a secret token."}]},
				 "usage":{"billed_units":{"input_tokens":17,"output_tokens":8},
				  "tokens":{"input_tokens":215,"output_tokens":8}}}""")));
		LlmProvider provider = this.fixture.create(ApiCallTracker.NOOP);
		assertThat(provider).isExactlyInstanceOf(CohereProvider.class);
		ChatResponse response = provider.chat(ChatRequest.builder()
			.system("Answer in one sentence.")
			.user("What is an API key?")
			.temperature(0.3)
			.maxTokens(50)
			.build());
		assertThat(response.answeredBy(null, null)).isEqualTo(new ChatResponse("An API key is a secret token.", "COMPLETE", 215, 8,
				"c14c80c3-18eb-4519-9460-6c92edd8cfb4", "command-r-plus"));
		this.server.verify(1, postRequestedFor(urlEqualTo("/v2/chat"))
			.withHeader("Authorization", equalTo("Bearer test-cohere-key-0001"))
			.withHeader("Content-Type", equalTo("application/json"))
			.withRequestBody(equalToJson("""
					{"model":"command-r-plus","messages":[{"role":"system","content":"Answer in one sentence."},
					  {"role":"user","content":"What is an API key?"}],"temperature":0.3,"max_tokens":50}""", false,
					false)));
	}

	@Test
	void listModelsGetsV1Models() {
		this.server.stubFor(get(urlEqualTo("/v1/models")).willReturn(okJson("""
				{"models":[{"name":"command-r-plus","endpoints":["generate","chat","summarize"],"finetuned":false,
				  "context_length":128000},{"name":"command-r","endpoints":["chat"],"finetuned":false}],
				 "next_page_token":""}""")));
		LlmProvider provider = this.fixture.create(ApiCallTracker.NOOP);
		assertThat(provider.listModels()).containsExactly("command-r-plus", "command-r");
		assertThat(provider.verifyKey().isValid()).isTrue();
		this.server.verify(2,
				getRequestedFor(urlEqualTo("/v1/models")).withHeader("Authorization", equalTo("Bearer test-cohere-key-0001")));
	}

}
