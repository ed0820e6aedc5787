package io.paracle.keys.provider;

import org.springframework.web.client.RestClient;

/**
 * Callback to customize the {@link RestClient.Builder} of one provider configuration before its client is
 * built. Customizers run after the base URL and the request factory (with the configured connect and read
 * timeouts) are set, so they may replace either. Declare them as beans; they are applied in order.
 *
 * @author paracle-keys
 */
@FunctionalInterface
public interface LlmProviderRestClientCustomizer {

	/**
	 * Customize the builder of a provider configuration.
	 * @param name the configuration name ({@code openai}, {@code openai-eu}, ...)
	 * @param builder the builder to customize
	 */
	void customize(String name, RestClient.Builder builder);

}
