package io.paracle.keys.langchain4j;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

import dev.langchain4j.http.client.HttpClientBuilder;
import io.paracle.keys.provider.LlmProvider;
import io.paracle.keys.provider.LlmProviders;
import io.paracle.keys.provider.client.AbstractLlmProvider;
import io.paracle.keys.provider.client.LlmProviderFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.util.Assert;
import org.springframework.util.ClassUtils;

/**
 * LangChain4j on paracle's keys, for models you build yourself: {@link #httpClientBuilder(String)} hands any
 * LangChain4j model builder that takes an {@code HttpClientBuilder} (OpenAI and every OpenAI-compatible provider,
 * Anthropic, Gemini) the client of a paracle provider configuration. Every request of the model then carries the
 * key paracle's pool picks for it, fails over to the next key after 429 or 401/403 within the one model call, and
 * is measured as the configuration's calls.
 *
 * <pre class="code">
 * ChatModel model = OpenAiChatModel.builder()
 *     .httpClientBuilder(paracle.httpClientBuilder("openai"))
 *     .baseUrl("https://api.openai.com/v1")            // the configuration's base URL (its origin is enforced)
 *     .apiKey(ParacleLangChain4j.API_KEY_PLACEHOLDER)  // replaced on every request
 *     .maxRetries(0)                                    // paracle retries; LangChain4j's would multiply them
 *     .modelName("gpt-4o-mini")
 *     .build();
 * </pre>
 *
 * @author paracle-keys
 */
public final class ParacleLangChain4j implements DisposableBean {

	/**
	 * The API key to give a LangChain4j model builder that runs on paracle's keys: the builders need one, and
	 * paracle's client replaces it with the key of each attempt, so this value never reaches the wire.
	 */
	public static final String API_KEY_PLACEHOLDER = "paracle-keys-placeholder";

	/**
	 * The response header paracle's client adds to the raw answers it hands LangChain4j: the fingerprint of the
	 * key that answered (never the key). Readable where a model exposes the raw response, e.g.
	 * {@code ((OpenAiChatResponseMetadata) response.metadata()).rawHttpResponse().headers()}.
	 */
	public static final String KEY_FINGERPRINT_HEADER = "Paracle-Key-Fingerprint";

	/** A class of Apache HttpClient 5. */
	static final String HTTP_CLIENT_5 = "org.apache.hc.client5.http.impl.classic.CloseableHttpClient";

	private final LlmProviders providers;

	private final long maxResponseBytes;

	private final ExecutorService streams;

	private final LangChain4jTransport.Factory transports;

	private final String transport;

	/**
	 * Create the helper on the JDK {@code HttpClient} transport.
	 * @param providers the provider beans, by configuration name
	 * @param maxResponseBytes the largest answer read ({@code paracle.http.max-response-size})
	 */
	public ParacleLangChain4j(LlmProviders providers, long maxResponseBytes) {
		this(providers, maxResponseBytes, null);
	}

	/**
	 * Create the helper. With a provider factory and Apache HttpClient 5 on the classpath the requests go out
	 * through the Apache HttpClient 5 client of each configuration (the one its direct client uses: connection
	 * pool, {@code paracle.http.ssl-bundle}, proxy settings, {@code LlmProviderHttpClientCustomizer}s); else
	 * through a JDK {@code HttpClient}.
	 * @param providers the provider beans, by configuration name
	 * @param maxResponseBytes the largest answer read ({@code paracle.http.max-response-size})
	 * @param providerFactory the factory that created the providers, or {@code null} for the JDK transport
	 */
	public ParacleLangChain4j(LlmProviders providers, long maxResponseBytes,
			@Nullable LlmProviderFactory providerFactory) {
		Assert.notNull(providers, "providers must not be null");
		this.providers = providers;
		this.maxResponseBytes = maxResponseBytes;
		this.streams = Executors.newCachedThreadPool(new StreamThreads());
		if (providerFactory != null && ClassUtils.isPresent(HTTP_CLIENT_5, ParacleLangChain4j.class.getClassLoader())) {
			this.transports = ApacheTransports.of(providerFactory);
			this.transport = "apache-httpclient5";
		}
		else {
			this.transports = JdkTransport::new;
			this.transport = "jdk";
		}
	}

	/**
	 * Return a LangChain4j {@link HttpClientBuilder} whose clients send each request with the key paracle picks
	 * for the named provider configuration. It starts with the configuration's {@code connect-timeout} and
	 * {@code timeout}; the model's builder may set its own.
	 * @param configurationName the provider configuration, e.g. {@code openai} or {@code openai-eu}
	 * @return a new builder
	 * @throws IllegalArgumentException when no such configuration is active, or its provider does not take its
	 * key in a header (Bedrock)
	 */
	public HttpClientBuilder httpClientBuilder(String configurationName) {
		return builder(configurationName, false);
	}

	HttpClientBuilder builder(String configurationName, boolean fixedTimeouts) {
		return new ParacleHttpClientBuilder(provider(configurationName), this.streams, this.transports,
				this.maxResponseBytes, fixedTimeouts);
	}

	/**
	 * Return what sends the requests of the clients of this helper: {@code apache-httpclient5} or {@code jdk}.
	 */
	String transport() {
		return this.transport;
	}

	AbstractLlmProvider provider(String configurationName) {
		Assert.hasText(configurationName, "configurationName must not be empty");
		LlmProvider provider = this.providers.find(configurationName)
			.orElseThrow(() -> new IllegalArgumentException("No active provider configuration '" + configurationName
					+ "' (active: " + this.providers.names() + "); configure paracle.providers." + configurationName
					+ ".* and give it a key"));
		if (!(provider instanceof AbstractLlmProvider llmProvider)) {
			throw new IllegalArgumentException("Provider '" + configurationName + "' is a "
					+ provider.getClass().getName() + ", not one of paracle's provider clients, so LangChain4j "
					+ "cannot run on its keys");
		}
		keyHeader(llmProvider);
		return llmProvider;
	}

	/**
	 * Return the header that carries the provider's key.
	 */
	static String keyHeader(AbstractLlmProvider provider) {
		String header = provider.descriptor().keyTransport().headerName();
		if (header == null) {
			throw new IllegalArgumentException("Provider '" + provider.name() + "' ("
					+ provider.descriptor().displayName() + ") signs its requests instead of sending a key in a "
					+ "header; LangChain4j cannot run on its keys through an HttpClientBuilder");
		}
		return header;
	}

	@Override
	public void destroy() {
		this.streams.shutdownNow();
	}

	@Override
	public String toString() {
		return "ParacleLangChain4j" + this.providers.names() + " on " + this.transport;
	}

	/**
	 * Daemon threads that run the streams of the LangChain4j models, named after them.
	 */
	private static final class StreamThreads implements ThreadFactory {

		private final AtomicInteger count = new AtomicInteger();

		@Override
		public Thread newThread(Runnable task) {
			Thread thread = new Thread(task, "paracle-langchain4j-stream-" + this.count.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		}

	}

}
