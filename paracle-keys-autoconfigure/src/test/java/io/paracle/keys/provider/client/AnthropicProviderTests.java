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
 * Anthropic's Messages API against a fake server.
 */
class AnthropicProviderTests {

	private static final String ANSWER = """
			{"id":"msg_01XFDUDYJgAACzvnptvVoYEL","type":"message","role":"assistant",
			 "model":"claude-3-5-haiku-20241022",
			 "content":[{"type":"text","text":"An API key is a secret token"},{"type":"text","text":" that identifies you."}],
			 "stop_reason":"end_turn","stop_sequence":null,
			 "usage":{"input_tokens":21,"output_tokens":9,"cache_creation_input_tokens":0,"cache_read_input_tokens":0}}""";

	private final ProviderFixture fixture = ProviderFixture.ANTHROPIC;

	private WireMockServer server;

	@BeforeEach
	void resetServer() {
		this.server = FakeProviderServer.reset();
	}

	@Test
	void chatPostsMessagesWithSystemOnTopAndParsesTheAnswer() {
		this.server.stubFor(post(urlEqualTo("/v1/messages")).willReturn(okJson(ANSWER)));
		LlmProvider provider = this.fixture.create(ApiCallTracker.NOOP);
		assertThat(provider).isExactlyInstanceOf(AnthropicProvider.class);
		ChatResponse response = provider.chat(ChatRequest.builder()
			.system("Answer in one sentence.")
			.system("Be precise.")
			.user("What is an API key?")
			.assistant("A credential.")
			.user("Say more.")
			.temperature(0.5)
			.maxTokens(200)
			.build());
		assertThat(response.answeredBy(null, null)).isEqualTo(new ChatResponse("An API key is a secret token that identifies you.",
				"end_turn", 21, 9, "msg_01XFDUDYJgAACzvnptvVoYEL", "claude-3-5-haiku-20241022"));
		this.server.verify(1, postRequestedFor(urlEqualTo("/v1/messages"))
			.withHeader("x-api-key", equalTo("sk-ant-test-0001"))
			.withHeader("anthropic-version", equalTo("2023-06-01"))
			.withHeader("Content-Type", equalTo("application/json"))
			.withoutHeader("Authorization")
			.withRequestBody(equalToJson("""
					{"model":"claude-3-5-haiku-latest","max_tokens":200,
					 "system":"Answer in one sentence.\\n\\nBe precise.",
					 "messages":[{"role":"user","content":"What is an API key?"},
					  {"role":"assistant","content":"A credential."},{"role":"user","content":"Say more."}],
					 "temperature":0.5}""", false, false)));
	}

	@Test
	void chatAlwaysSendsMaxTokens() {
		this.server.stubFor(post(urlEqualTo("/v1/messages")).willReturn(okJson(ANSWER)));
		this.fixture.create(ApiCallTracker.NOOP).chat("Hello");
		this.server.verify(postRequestedFor(urlEqualTo("/v1/messages")).withRequestBody(equalToJson("""
				{"model":"claude-3-5-haiku-latest","max_tokens":1024,
				 "messages":[{"role":"user","content":"Hello"}]}""", false, false)));
	}

	@Test
	void listModelsGetsV1Models() {
		this.server.stubFor(get(urlEqualTo("/v1/models")).willReturn(okJson("""
				{"data":[{"type":"model","id":"claude-3-5-haiku-20241022","display_name":"Claude Haiku 3.5",
				  "created_at":"2024-10-22T00:00:00Z"},
				 {"type":"model","id":"claude-sonnet-4-20250514","display_name":"Claude Sonnet 4",
				  "created_at":"2025-05-14T00:00:00Z"}],
				 "has_more":false,"first_id":"claude-3-5-haiku-20241022","last_id":"claude-sonnet-4-20250514"}""")));
		LlmProvider provider = this.fixture.create(ApiCallTracker.NOOP);
		assertThat(provider.listModels()).containsExactly("claude-3-5-haiku-20241022", "claude-sonnet-4-20250514");
		assertThat(provider.verifyKey().isValid()).isTrue();
		this.server.verify(2, getRequestedFor(urlEqualTo("/v1/models"))
			.withHeader("x-api-key", equalTo("sk-ant-test-0001"))
			.withHeader("anthropic-version", equalTo("2023-06-01")));
	}

}
