package io.paracle.keys.provider.client;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.paracle.keys.metrics.ApiCallTracker;
import io.paracle.keys.provider.ChatRequest;
import io.paracle.keys.provider.ChatResponse;
import io.paracle.keys.provider.KeyVerification;
import io.paracle.keys.provider.LlmProvider;
import io.paracle.keys.resolve.ApiKey;
import io.paracle.keys.resolve.ApiKeyResolver;
import io.paracle.keys.resolve.KeyOrigin;
import io.paracle.keys.resolve.KeySourceKind;
import io.paracle.keys.testsupport.FakeProviderServer;
import io.paracle.keys.testsupport.TestEnvironments;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.web.client.RestClient;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assumptions.assumeThat;

/**
 * AWS Bedrock through the AWS SDK, with its endpoint pointed at a fake server.
 */
class BedrockProviderTests {

	private static final String CONVERSE_PATH = "/model/anthropic.claude-3-haiku-20240307-v1%3A0/converse";

	private static final String ANSWER = """
			{"output":{"message":{"role":"assistant","content":[{"text":"An API key is a secret token."}]}},
			 "stopReason":"end_turn","usage":{"inputTokens":19,"outputTokens":9,"totalTokens":28},
			 "metrics":{"latencyMs":412}}""";

	private final ProviderFixture fixture = ProviderFixture.BEDROCK;

	private WireMockServer server;

	@BeforeEach
	void resetServer() {
		this.server = FakeProviderServer.reset();
		this.server.stubFor(post(urlPathMatching("/model/.+/converse")).willReturn(aResponse().withStatus(200)
			.withHeader("Content-Type", "application/json")
			.withHeader("x-amzn-RequestId", "5d3b4c1e-8f6a-4b7e-9c2d-1a0b9c8d7e6f")
			.withBody(ANSWER)));
	}

	@AfterEach
	void clearSystemProperties() {
		System.clearProperty("aws.accessKeyId");
		System.clearProperty("aws.secretAccessKey");
	}

	@Test
	void chatCallsConverseSignedWithTheAccessKeyAndParsesTheAnswer() {
		LlmProvider provider = this.fixture.create(ApiCallTracker.NOOP);
		assertThat(provider).isExactlyInstanceOf(BedrockProvider.class);
		ChatResponse response = provider.chat(ChatRequest.builder()
			.system("Answer in one sentence.")
			.user("What is an API key?")
			.assistant("A credential.")
			.user("Say more.")
			.temperature(0.5)
			.maxTokens(100)
			.build());
		assertThat(response.answeredBy(null, null)).isEqualTo(new ChatResponse("An API key is a secret token.", "end_turn", 19, 9,
				"5d3b4c1e-8f6a-4b7e-9c2d-1a0b9c8d7e6f", "anthropic.claude-3-haiku-20240307-v1:0"));
		this.server.verify(1, postRequestedFor(urlEqualTo(CONVERSE_PATH))
			.withHeader("Authorization", matching("AWS4-HMAC-SHA256 Credential=" + ProviderFixture.BEDROCK_KEY_ID
					+ "/\\d{8}/us-east-1/bedrock/aws4_request, SignedHeaders=[a-z0-9;-]+, Signature=[0-9a-f]{64}"))
			.withHeader("X-Amz-Date", matching("\\d{8}T\\d{6}Z"))
			.withRequestBody(equalToJson("""
					{"messages":[{"role":"user","content":[{"text":"What is an API key?"}]},
					  {"role":"assistant","content":[{"text":"A credential."}]},
					  {"role":"user","content":[{"text":"Say more."}]}],
					 "system":[{"text":"Answer in one sentence."}],
					 "inferenceConfig":{"maxTokens":100,"temperature":0.5}}""", false, false)));
	}

	@Test
	void chatUsesThePerCallKeyPair() {
		ApiKey key = ApiKey.of("AKIAOVERRIDE00001", "override-secret-0001",
				new KeyOrigin(KeySourceKind.PER_CALL, "test", null));
		this.fixture.create(ApiCallTracker.NOOP).chat(ChatRequest.builder().user("Hi").apiKey(key).build());
		this.server.verify(1, postRequestedFor(urlEqualTo(CONVERSE_PATH)).withHeader("Authorization",
				matching("AWS4-HMAC-SHA256 Credential=AKIAOVERRIDE00001/.*")));
	}

	@Test
	void chatUsesTheAwsDefaultCredentialsChainWithoutKeys() {
		System.setProperty("aws.accessKeyId", "AKIADEFAULTCHAIN1");
		System.setProperty("aws.secretAccessKey", "default-chain-secret-0001");
		StandardEnvironment environment = TestEnvironments.of("paracle.providers.bedrock.enabled=true",
				"paracle.providers.bedrock.region=eu-west-1",
				"paracle.providers.bedrock.base-url=" + FakeProviderServer.baseUrl());
		LlmProviderFactory factory = new LlmProviderFactory(new ApiKeyResolver(environment, null), environment,
				RestClient::builder, List.of(), ApiCallTracker.NOOP, null);
		LlmProvider provider = factory.create("bedrock");
		assertThat(provider.keyDescription().count()).isZero();
		provider.chat("Hi");
		this.server.verify(1, postRequestedFor(urlEqualTo(CONVERSE_PATH)).withHeader("Authorization",
				matching("AWS4-HMAC-SHA256 Credential=AKIADEFAULTCHAIN1/\\d{8}/eu-west-1/bedrock/aws4_request, .*")));
	}

	@Test
	void verifyKeyListsAsyncInvokes() {
		this.server.stubFor(get(urlPathEqualTo("/async-invoke")).willReturn(aResponse().withStatus(200)
			.withHeader("Content-Type", "application/json")
			.withBody("{\"asyncInvokeSummaries\":[]}")));
		KeyVerification verification = this.fixture.create(ApiCallTracker.NOOP).verifyKey();
		assertThat(verification.status()).isEqualTo(KeyVerification.Status.VALID);
		assertThat(verification.httpStatus()).isEqualTo(200);
		this.server.verify(1, getRequestedFor(urlEqualTo("/async-invoke?maxResults=1")).withHeader("Authorization",
				matching("AWS4-HMAC-SHA256 Credential=" + ProviderFixture.BEDROCK_KEY_ID + "/.*")));
	}

	@Test
	void listModelsIsNotSupported() {
		LlmProvider provider = this.fixture.create(ApiCallTracker.NOOP);
		assertThatExceptionOfType(UnsupportedOperationException.class).isThrownBy(provider::listModels)
			.withMessageContaining("ListFoundationModels");
	}

	@Test
	void creatingWithoutTheAwsSdkFailsWithTheDependencyName() {
		StandardEnvironment environment = TestEnvironments.of(this.fixture.properties(this.fixture.key())
			.toArray(String[]::new));
		LlmProviderFactory factory = new LlmProviderFactory(new ApiKeyResolver(environment, null), environment,
				RestClient::builder, List.of(), ApiCallTracker.NOOP, new FilteredClassLoader("software.amazon.awssdk"));
		assertThatExceptionOfType(MissingBedrockSdkException.class).isThrownBy(() -> factory.create("bedrock"))
			.withMessage("Provider 'bedrock' (AWS Bedrock) needs the AWS SDK for Bedrock Runtime, but "
					+ "software.amazon.awssdk:bedrockruntime is not on the classpath. Add it, or set "
					+ "paracle.providers.bedrock.enabled=false.")
			.satisfies((ex) -> {
				FailureAnalysis analysis = new MissingBedrockSdkFailureAnalyzer().analyze(ex);
				assertThat(analysis.getDescription()).contains("software.amazon.awssdk:bedrockruntime");
				assertThat(analysis.getAction()).contains("software.amazon.awssdk:bedrockruntime")
					.contains("paracle.providers.bedrock.enabled=false");
			});
	}

	@Test
	void creatingWithoutARegionAnywhereFailsWithTheFix(@TempDir Path home) {
		assumeThat(System.getenv("AWS_REGION")).as("AWS_REGION is set in this environment").isNull();
		assumeThat(System.getenv("AWS_DEFAULT_REGION")).as("AWS_DEFAULT_REGION is set in this environment").isNull();
		Map<String, String> properties = Map.of("aws.configFile", home.resolve("config").toString(),
				"aws.sharedCredentialsFile", home.resolve("credentials").toString(), "aws.disableEc2Metadata", "true");
		properties.forEach(System::setProperty);
		try {
			StandardEnvironment environment = TestEnvironments.of("paracle.providers.bedrock.enabled=true",
					"paracle.providers.bedrock.base-url=" + FakeProviderServer.baseUrl());
			LlmProviderFactory factory = new LlmProviderFactory(new ApiKeyResolver(environment, null), environment,
					RestClient::builder, List.of(), ApiCallTracker.NOOP, null);
			assertThatIllegalStateException().isThrownBy(() -> factory.create("bedrock"))
				.withMessageStartingWith("Provider 'bedrock' (AWS Bedrock) could not create its client: Unable to "
						+ "load region")
				.withMessageEndingWith(" Set paracle.providers.bedrock.region (or AWS_DEFAULT_REGION) to the region "
						+ "of your Bedrock models.");
		}
		finally {
			properties.keySet().forEach(System::clearProperty);
		}
	}

}
