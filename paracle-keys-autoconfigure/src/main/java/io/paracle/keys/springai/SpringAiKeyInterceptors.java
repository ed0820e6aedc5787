package io.paracle.keys.springai;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.paracle.keys.provider.LlmProvider;
import io.paracle.keys.provider.LlmProviders;
import io.paracle.keys.provider.client.AbstractLlmProvider;
import okhttp3.Interceptor;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.util.Assert;
import org.springframework.util.function.SingletonSupplier;

/**
 * The OkHttp interceptors that put a paracle configuration's keys on the HTTP requests of a Spring AI model
 * built with Spring AI's own builders (OpenAI, OpenAI-compatible and Anthropic), one per configuration:
 * <pre class="code">
 * OpenAiChatModel.builder()
 *     .options(OpenAiChatOptions.builder().baseUrl("https://api.groq.com/openai/v1").apiKey("paracle")
 *         .maxRetries(0).build())
 *     .httpClientBuilderCustomizer((http) -&gt; http.interceptor(interceptors.forConfiguration("groq")))
 *     .build();
 * </pre>
 * Every request then runs through that configuration's call pipeline: key choice, client-side limit,
 * failover, re-read, retries and meters. The key given to the builder is a placeholder the interceptor
 * replaces; set the SDK's retries to 0 so paracle is the one retry owner.
 *
 * @author paracle-keys
 */
public final class SpringAiKeyInterceptors {

	private final ObjectProvider<LlmProviders> providers;

	private final Map<String, Interceptor> interceptors = new ConcurrentHashMap<>();

	SpringAiKeyInterceptors(ObjectProvider<LlmProviders> providers) {
		this.providers = providers;
	}

	/**
	 * Return the interceptor of a paracle configuration. The configuration is looked up on the first request,
	 * so the interceptor may be created before the provider beans.
	 * @param configuration the name of an active configuration under {@code paracle.providers}
	 * @return the interceptor (the same one for every call with this name)
	 */
	public Interceptor forConfiguration(String configuration) {
		Assert.hasText(configuration, "configuration must not be empty");
		return this.interceptors.computeIfAbsent(configuration, (name) -> new ParacleKeyInterceptor(name,
				SingletonSupplier.of(() -> provider(name))));
	}

	/**
	 * Return the fingerprint of the key that answered the last request sent through a paracle interceptor on the
	 * current thread: for a blocking Spring AI call ({@code ChatModel.call}, {@code ChatClient...call()}), made
	 * right before on the same thread, the key that answered it. Streaming requests run on the SDK's threads.
	 * @return the fingerprint, or {@code null} when no request answered on this thread yet
	 */
	public @Nullable String lastFingerprint() {
		return ParacleKeyInterceptor.lastFingerprint();
	}

	private AbstractLlmProvider provider(String name) {
		LlmProvider provider = this.providers.getObject().get(name);
		Assert.state(provider instanceof AbstractLlmProvider, () -> "Provider configuration '" + name
				+ "' is a " + provider.getClass().getName() + ", which cannot run Spring AI's requests");
		return (AbstractLlmProvider) provider;
	}

	@Override
	public String toString() {
		return "SpringAiKeyInterceptors" + this.interceptors.keySet();
	}

}
