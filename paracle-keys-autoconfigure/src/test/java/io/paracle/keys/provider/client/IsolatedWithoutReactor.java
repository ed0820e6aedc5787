package io.paracle.keys.provider.client;

import java.util.ArrayList;
import java.util.List;

import io.paracle.keys.autoconfigure.LlmProviderAutoConfiguration;
import io.paracle.keys.autoconfigure.ParacleKeysAutoConfiguration;
import io.paracle.keys.provider.ChatChunk;
import io.paracle.keys.provider.ChatStream;
import io.paracle.keys.provider.LlmProvider;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * Run by {@link StreamingWithoutReactorTests} inside a class loader that has no Reactor: starts the auto-configured
 * provider beans, chats, streams by iterating, and reports what {@link ChatStream#toFlux()} does.
 */
public final class IsolatedWithoutReactor {

	private IsolatedWithoutReactor() {
	}

	/**
	 * Start a context with an OpenAI provider bean against the given server and use it.
	 * @param baseUrl the fake server's base URL
	 * @return what happened, in order
	 */
	public static List<String> run(String baseUrl) {
		List<String> seen = new ArrayList<>();
		ClassLoader previous = Thread.currentThread().getContextClassLoader();
		Thread.currentThread().setContextClassLoader(IsolatedWithoutReactor.class.getClassLoader());
		try {
			new ApplicationContextRunner()
				.withConfiguration(
						AutoConfigurations.of(ParacleKeysAutoConfiguration.class, LlmProviderAutoConfiguration.class))
				.withPropertyValues("paracle.providers.openai.api-key=sk-test-openai-0001",
						"paracle.providers.openai.base-url=" + baseUrl + "/v1", "paracle.providers.openai.max-retries=0")
				.run((context) -> {
					if (context.getStartupFailure() != null) {
						seen.add("startup failed: " + context.getStartupFailure());
						return;
					}
					LlmProvider provider = context.getBean(LlmProvider.class);
					seen.add(provider.getClass().getSimpleName());
					seen.add("chat: " + provider.chat("Say hello").text());
					try (ChatStream stream = provider.stream("Say hello")) {
						StringBuilder text = new StringBuilder();
						for (ChatChunk chunk : stream) {
							text.append(chunk.text());
						}
						seen.add("stream: " + text);
						try {
							stream.toFlux();
							seen.add("toFlux worked");
						}
						catch (NoClassDefFoundError ex) {
							seen.add("toFlux: " + ex.getClass().getSimpleName());
						}
					}
				});
		}
		finally {
			Thread.currentThread().setContextClassLoader(previous);
		}
		return seen;
	}

}
