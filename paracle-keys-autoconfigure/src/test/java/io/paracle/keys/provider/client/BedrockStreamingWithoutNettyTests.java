package io.paracle.keys.provider.client;

import java.net.URLClassLoader;
import java.util.List;

import io.paracle.keys.testsupport.FakeProviderServer;
import io.paracle.keys.testsupport.IsolatedClassPath;
import org.junit.jupiter.api.Test;

import org.springframework.boot.diagnostics.FailureAnalysis;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The SDK's asynchronous HTTP client is optional: in a class loader without
 * {@code software.amazon.awssdk:netty-nio-client}, Bedrock chats as before and {@code stream} fails before any call
 * with {@link MissingBedrockSdkException} naming the artifact, not a {@link NoClassDefFoundError}.
 */
class BedrockStreamingWithoutNettyTests {

	@Test
	void withoutNettyBedrockChatsAndStreamingFailsNamingTheArtifact() throws Exception {
		var server = FakeProviderServer.reset();
		server.stubFor(post(urlPathMatching("/model/.+/converse")).willReturn(aResponse().withStatus(200)
			.withHeader("Content-Type", "application/json")
			.withBody("""
					{"output":{"message":{"role":"assistant","content":[{"text":"Hello"}]}},
					 "stopReason":"end_turn","usage":{"inputTokens":1,"outputTokens":1,"totalTokens":2}}""")));
		try (URLClassLoader loader = new URLClassLoader(
				IsolatedClassPath.without("software/amazon/awssdk/netty-nio-client"),
				ClassLoader.getPlatformClassLoader())) {
			assertThatExceptionOfType(ClassNotFoundException.class)
				.isThrownBy(() -> loader.loadClass("software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient"));
			Object result = loader.loadClass(IsolatedBedrock.class.getName())
				.getMethod("chatThenStream", String.class)
				.invoke(null, FakeProviderServer.baseUrl());
			assertThat(result).isEqualTo(List.of("Hello", "MissingBedrockSdkException",
					"Provider 'bedrock' (AWS Bedrock) streams through the AWS SDK's asynchronous HTTP client, but "
							+ "software.amazon.awssdk:netty-nio-client is not on the classpath. Add it to stream, or "
							+ "call chat(ChatRequest), which does not need it."));
		}
		// the chat only: the stream failed before any request
		server.verify(1, postRequestedFor(urlPathMatching("/model/.+")));
	}

	@Test
	void theFailureAnalysisNamesTheAsynchronousHttpClient() {
		FailureAnalysis analysis = new MissingBedrockSdkFailureAnalyzer()
			.analyze(new IllegalStateException("wrapped", MissingBedrockSdkException.forStreaming("bedrock")));
		assertThat(analysis.getDescription()).isEqualTo("Provider configuration 'bedrock' (AWS Bedrock) was asked to "
				+ "stream, but software.amazon.awssdk:netty-nio-client (the AWS SDK's asynchronous HTTP client) is not "
				+ "on the classpath.");
		assertThat(analysis.getAction()).isEqualTo("Add the dependency software.amazon.awssdk:netty-nio-client (its "
				+ "version is managed by the AWS SDK BOM, software.amazon.awssdk:bom), or call chat(ChatRequest) "
				+ "instead of stream(ChatRequest).");
	}

}
