package io.paracle.keys.provider.client;

import java.util.List;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.paracle.keys.metrics.ApiCallTracker;
import io.paracle.keys.provider.ChatRequest;
import io.paracle.keys.provider.ChatResponse;
import io.paracle.keys.provider.LlmProvider;
import io.paracle.keys.resolve.ApiKeyResolver;
import io.paracle.keys.testsupport.FakeProviderServer;
import io.paracle.keys.testsupport.TestEnvironments;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

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
 * Azure OpenAI against a fake server: deployments, api-key header, api-version.
 */
class AzureOpenAiProviderTests {

	private static final String ANSWER = """
			{"id":"chatcmpl-AzUre123","object":"chat.completion","created":1741570283,"model":"gpt-4o-mini-2024-07-18",
			 "prompt_filter_results":[{"prompt_index":0,"content_filter_results":{}}],
			 "choices":[{"index":0,"finish_reason":"stop","message":{"role":"assistant","content":"Hello there."},
			  "content_filter_results":{}}],
			 "usage":{"prompt_tokens":11,"completion_tokens":3,"total_tokens":14}}""";

	private final ProviderFixture fixture = ProviderFixture.AZURE_OPENAI;

	private WireMockServer server;

	@BeforeEach
	void resetServer() {
		this.server = FakeProviderServer.reset();
	}

	@Test
	void chatPostsToTheModelDeploymentWithDefaultApiVersion() {
		String path = "/openai/deployments/gpt-4o-mini/chat/completions?api-version=2023-12-01-preview";
		this.server.stubFor(post(urlEqualTo(path)).willReturn(okJson(ANSWER)));
		LlmProvider provider = this.fixture.create(ApiCallTracker.NOOP);
		assertThat(provider).isExactlyInstanceOf(AzureOpenAiProvider.class);
		ChatResponse response = provider.chat(
				ChatRequest.builder().system("Be brief.").user("Hi").temperature(0.0).maxTokens(5).build());
		assertThat(response.keyFingerprint()).isEqualTo(io.paracle.keys.resolve.Fingerprints.of("test-azure-key-0001"));
		assertThat(response.answeredBy(null, null)).isEqualTo(
				new ChatResponse("Hello there.", "stop", 11, 3, "chatcmpl-AzUre123", "gpt-4o-mini-2024-07-18"));
		this.server.verify(1, postRequestedFor(urlEqualTo(path)).withHeader("api-key", equalTo("test-azure-key-0001"))
			.withHeader("Content-Type", equalTo("application/json"))
			.withoutHeader("Authorization")
			.withRequestBody(equalToJson("""
					{"messages":[{"role":"system","content":"Be brief."},{"role":"user","content":"Hi"}],
					 "temperature":0.0,"max_tokens":5}""", false, false)));
	}

	@Test
	void deploymentAndApiVersionComeFromProperties() {
		String path = "/openai/deployments/my-deployment/chat/completions?api-version=2024-10-21";
		this.server.stubFor(post(urlEqualTo(path)).willReturn(okJson(ANSWER)));
		this.fixture
			.create(ApiCallTracker.NOOP, "paracle.providers.azure-openai.deployment=my-deployment",
					"paracle.providers.azure-openai.api-version=2024-10-21")
			.chat(ChatRequest.builder().model("gpt-4o").user("Hi").build());
		this.server.verify(1, postRequestedFor(urlEqualTo(path)));
	}

	@Test
	void endpointAndApiVersionComeFromConventionalVariables() {
		String path = "/openai/deployments/gpt-4o-mini/chat/completions?api-version=2024-06-01";
		this.server.stubFor(post(urlEqualTo(path)).willReturn(okJson(ANSWER)));
		StandardEnvironment environment = TestEnvironments.of("AZURE_OPENAI_API_KEY=test-azure-key-0001",
				"AZURE_OPENAI_ENDPOINT=" + FakeProviderServer.baseUrl() + "/", "AZURE_OPENAI_API_VERSION=2024-06-01");
		LlmProviderFactory factory = new LlmProviderFactory(new ApiKeyResolver(environment, null), environment,
				RestClient::builder, List.of(), ApiCallTracker.NOOP, null);
		assertThat(factory.context("azure-openai").baseUrl()).isEqualTo(FakeProviderServer.baseUrl());
		factory.create("azure-openai").chat("Hi");
		this.server.verify(1,
				postRequestedFor(urlEqualTo(path)).withHeader("api-key", equalTo("test-azure-key-0001")));
	}

	@Test
	void listModelsGetsOpenaiModels() {
		this.server.stubFor(get(urlEqualTo("/openai/models?api-version=2023-12-01-preview")).willReturn(okJson("""
				{"data":[{"id":"gpt-4o-mini","object":"model","status":"succeeded"},
				 {"id":"gpt-4o","object":"model","status":"succeeded"}],"object":"list"}""")));
		LlmProvider provider = this.fixture.create(ApiCallTracker.NOOP);
		assertThat(provider.listModels()).containsExactly("gpt-4o-mini", "gpt-4o");
		assertThat(provider.verifyKey().isValid()).isTrue();
		this.server.verify(2, getRequestedFor(urlEqualTo("/openai/models?api-version=2023-12-01-preview"))
			.withHeader("api-key", equalTo("test-azure-key-0001")));
	}

}
