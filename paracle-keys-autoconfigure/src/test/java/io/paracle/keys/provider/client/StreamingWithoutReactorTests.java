package io.paracle.keys.provider.client;

import java.net.URLClassLoader;
import java.util.List;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.paracle.keys.testsupport.FakeProviderServer;
import io.paracle.keys.testsupport.IsolatedClassPath;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Reactor is optional: in a class loader without any {@code io.projectreactor} jar, an application starts with
 * its provider beans (Spring introspects their methods, {@code stream} among them), chats, and streams by
 * iterating; only {@code ChatStream.toFlux()} needs Reactor.
 */
class StreamingWithoutReactorTests {

	@Test
	void withoutReactorTheProvidersStartChatAndStream() throws Exception {
		WireMockServer server = FakeProviderServer.reset();
		server.stubFor(post(urlEqualTo("/v1/chat/completions")).withRequestBody(containing("\"stream\":true"))
			.atPriority(1)
			.willReturn(StreamingProviderTests.sse(StreamFixture.of(ProviderFixture.OPENAI_COMPATIBLE.get(0)).stream())));
		server.stubFor(post(urlEqualTo("/v1/chat/completions")).atPriority(2).willReturn(okJson(
				"{\"id\":\"x\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"Hi\"}}]}")));
		try (URLClassLoader loader = new URLClassLoader(IsolatedClassPath.without("io/projectreactor"),
				ClassLoader.getPlatformClassLoader())) {
			assertThatExceptionOfType(ClassNotFoundException.class)
				.isThrownBy(() -> loader.loadClass("reactor.core.publisher.Flux"));
			Object seen = loader.loadClass(IsolatedWithoutReactor.class.getName())
				.getMethod("run", String.class)
				.invoke(null, FakeProviderServer.baseUrl());
			assertThat(seen).isEqualTo(List.of("OpenAiProvider", "chat: Hi", "stream: Hello world",
					"toFlux: NoClassDefFoundError"));
		}
	}

}
