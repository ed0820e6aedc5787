package io.paracle.keys.catalog;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * One entry of the {@link ProviderCatalog}: everything the starter knows about a provider without any
 * configuration.
 *
 * @param id catalog id used in {@code paracle.providers.<id>} and in meter tags
 * @param displayName human readable name used in messages
 * @param keyVariables conventional variables that hold the key, primary first (e.g. {@code CLAUDE_API_KEY},
 * {@code ANTHROPIC_API_KEY})
 * @param extraVariables conventional variables for settings other than the key (endpoint, region, ...)
 * @param defaultBaseUrl base URL used when {@code base-url} is not set, or {@code null} when the user must
 * supply one (Azure OpenAI)
 * @param keyTransport how the key is sent
 * @param keyPrefixes shapes a valid key starts with, used for hints only; empty when the provider has none
 * @param wireFormat request and response format
 * @param defaultModel model used when neither the request nor {@code model} names one
 * @param signupUrl where to create an account
 * @param keysUrl where to create or look up a key
 * @author paracle-keys
 */
public record ProviderDescriptor(String id, String displayName, List<String> keyVariables, List<String> extraVariables,
		@Nullable String defaultBaseUrl, KeyTransport keyTransport, List<String> keyPrefixes, WireFormat wireFormat,
		String defaultModel, String signupUrl, String keysUrl) {

	public ProviderDescriptor {
		keyVariables = List.copyOf(keyVariables);
		extraVariables = List.copyOf(extraVariables);
		keyPrefixes = List.copyOf(keyPrefixes);
	}

	/**
	 * Return the primary conventional key variable, e.g. {@code OPENAI_API_KEY}.
	 * @return the primary variable name
	 */
	public String primaryVariable() {
		return this.keyVariables.get(0);
	}

	/**
	 * Return the length of the longest key prefix of this provider that the given value starts with.
	 * @param value a key value
	 * @return the matched prefix length, or {@code 0} when no prefix matches
	 */
	public int matchedPrefixLength(String value) {
		int best = 0;
		for (String prefix : this.keyPrefixes) {
			if (value.startsWith(prefix) && prefix.length() > best) {
				best = prefix.length();
			}
		}
		return best;
	}

}
