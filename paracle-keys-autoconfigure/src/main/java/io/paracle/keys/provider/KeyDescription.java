package io.paracle.keys.provider;

import java.util.List;

import io.paracle.keys.resolve.KeyOrigin;
import io.paracle.keys.resolve.ProviderKeys;
import org.jspecify.annotations.Nullable;

/**
 * What a provider's keys look like from the outside: where they came from, their fingerprints and how many
 * there are. Safe to log and display: it never holds a key value.
 *
 * @param provider the provider configuration name
 * @param count the number of keys ({@code 0} for Bedrock on the AWS default credentials chain)
 * @param fingerprints the fingerprints of the keys, in the order they are used
 * @param origin where the first key came from, or {@code null} when there is none
 * @author paracle-keys
 */
public record KeyDescription(String provider, int count, List<String> fingerprints, @Nullable KeyOrigin origin) {

	/**
	 * Create a description.
	 * @param provider the provider configuration name
	 * @param count the number of keys
	 * @param fingerprints the fingerprints of the keys
	 * @param origin where the first key came from, or {@code null}
	 */
	public KeyDescription {
		fingerprints = List.copyOf(fingerprints);
	}

	/**
	 * Describe a key snapshot.
	 * @param keys the keys
	 * @return the description
	 */
	public static KeyDescription of(ProviderKeys keys) {
		return new KeyDescription(keys.name(), keys.count(), keys.fingerprints(), keys.origin());
	}

	@Override
	public String toString() {
		if (this.count == 0) {
			return this.provider + ": no key (AWS default credentials chain for Bedrock)";
		}
		return this.provider + ": " + this.count + ((this.count == 1) ? " key " : " keys ") + this.fingerprints
				+ " from " + this.origin;
	}

}
