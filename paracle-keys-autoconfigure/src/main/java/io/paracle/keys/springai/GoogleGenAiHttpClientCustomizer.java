package io.paracle.keys.springai;

import okhttp3.OkHttpClient;

/**
 * Callback that customizes the OkHttp client paracle hands to the google-genai SDK clients of its
 * {@link GoogleGenAiClients} (Spring AI's auto-configured Gemini model, the named Gemini models): proxies, TLS,
 * interceptors of your own. paracle's interceptor is already on the builder, so interceptors added here see each
 * attempt with its key on (and are called once per attempt). Spring AI 2.0.1 has no such hook of its own for
 * Google GenAI.
 *
 * @author paracle-keys
 */
@FunctionalInterface
public interface GoogleGenAiHttpClientCustomizer {

	/**
	 * Customize the OkHttp client of a paracle configuration's SDK client.
	 * @param configuration the name of the paracle configuration
	 * @param builder the builder, with paracle's interceptor and the configuration's timeouts on
	 */
	void customize(String configuration, OkHttpClient.Builder builder);

}
