package io.paracle.keys.springai;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.google.genai.Client;
import com.google.genai.types.ClientOptions;
import com.google.genai.types.HttpOptions;
import com.google.genai.types.HttpRetryOptions;
import io.paracle.keys.resolve.ProviderConfiguration;
import io.paracle.keys.resolve.ProviderResolution;
import io.paracle.keys.resolve.ProviderSettings;
import okhttp3.OkHttpClient;

import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.util.Assert;

/**
 * The google-genai SDK clients ({@link Client}) of paracle configurations of type {@code gemini}, one per
 * configuration, for Spring AI's {@code GoogleGenAiChatModel} (and anything else built on the SDK):
 * <pre class="code">
 * GoogleGenAiChatModel.builder()
 *     .genAiClient(clients.forConfiguration("gemini-eu"))
 *     .options(GoogleGenAiChatOptions.builder().model("gemini-2.5-flash").build())
 *     .build();
 * </pre>
 * The SDK builds its OkHttp client from the one it is given ({@code ClientOptions.customHttpClient}); this one
 * carries the configuration's {@link SpringAiKeyInterceptors#forConfiguration(String) interceptor}, so every HTTP
 * request runs through the configuration's call pipeline and goes out with the key the key pool chose for it,
 * in the {@code x-goog-api-key} header (never in the URL). The key handed to the SDK is a placeholder the
 * interceptor replaces. The SDK's own retries ({@code HttpRetryOptions}, 5 attempts on 408/429/5xx by default)
 * are off: paracle is the one retry owner. The base URL is the configuration's {@code base-url}, else
 * {@code https://generativelanguage.googleapis.com}; connect and read timeouts are the configuration's;
 * {@link GoogleGenAiHttpClientCustomizer} beans customize the OkHttp client further.
 * <p>
 * The client is built from the configuration's properties, not from its provider bean (which the interceptor
 * looks up on the first request): Spring AI 2.0.1's {@code CachedContentServiceCondition} creates the
 * auto-configured {@code GoogleGenAiChatModel}, and so its client, while configuration classes are still being
 * read, before paracle's provider beans exist.
 *
 * @author paracle-keys
 */
public final class GoogleGenAiClients {

	private final ConfigurableEnvironment environment;

	private final SpringAiKeyInterceptors interceptors;

	private final List<GoogleGenAiHttpClientCustomizer> customizers;

	private final Map<String, Client> clients = new ConcurrentHashMap<>();

	GoogleGenAiClients(ConfigurableEnvironment environment, SpringAiKeyInterceptors interceptors,
			List<GoogleGenAiHttpClientCustomizer> customizers) {
		this.environment = environment;
		this.interceptors = interceptors;
		this.customizers = List.copyOf(customizers);
	}

	/**
	 * Return the SDK client of a paracle configuration.
	 * @param configuration the name of an active configuration under {@code paracle.providers} (of type
	 * {@code gemini})
	 * @return the client (the same one for every call with this name)
	 */
	public Client forConfiguration(String configuration) {
		Assert.hasText(configuration, "configuration must not be empty");
		return this.clients.computeIfAbsent(configuration, this::create);
	}

	private Client create(String name) {
		ProviderConfiguration configuration = ProviderResolution.resolve(this.environment).active().get(name);
		Assert.state(configuration != null && configuration.descriptor() != null,
				() -> "No active provider configuration named '" + name + "'");
		ProviderSettings settings = configuration.requiredSettings();
		Assert.state(settings.baseUrl() != null, () -> "Provider configuration '" + name
				+ "' has no base URL; set paracle.providers." + name + ".base-url");
		OkHttpClient.Builder http = new OkHttpClient.Builder().connectTimeout(settings.connectTimeout())
			.readTimeout(settings.timeout())
			.addInterceptor(this.interceptors.forConfiguration(name));
		this.customizers.forEach((customizer) -> customizer.customize(name, http));
		HttpOptions httpOptions = HttpOptions.builder().baseUrl(settings.baseUrl()).retryOptions(noRetries()).build();
		return Client.builder()
			.apiKey(ChatModelSettings.PLACEHOLDER_KEY)
			.vertexAI(false)
			.httpOptions(httpOptions)
			.clientOptions(ClientOptions.builder().customHttpClient(http.build()).build())
			.build();
	}

	/**
	 * One attempt and no status worth another: the SDK's {@code RetryInterceptor} then neither retries nor
	 * sleeps (with one attempt but the default status list it would still wait once after a 429).
	 */
	private static HttpRetryOptions noRetries() {
		return HttpRetryOptions.builder().attempts(1).httpStatusCodes(List.of()).build();
	}

	@Override
	public String toString() {
		return "GoogleGenAiClients" + this.clients.keySet();
	}

}
