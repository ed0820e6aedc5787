package io.paracle.keys.resolve;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonValue;

import org.jspecify.annotations.Nullable;

/**
 * The keys of one provider configuration at one point in time: an immutable snapshot that the resolver swaps
 * as a whole when keys are re-read.
 *
 * @author paracle-keys
 */
public final class ProviderKeys {

	private final String name;

	private final List<ApiKey> keys;

	private final List<String> fingerprints;

	/**
	 * Create a snapshot.
	 * @param name the provider configuration name
	 * @param keys the keys, in the order they are used
	 */
	public ProviderKeys(String name, List<ApiKey> keys) {
		this.name = name;
		this.keys = List.copyOf(keys);
		this.fingerprints = this.keys.stream().map(ApiKey::fingerprint).toList();
	}

	/**
	 * Return the provider configuration name.
	 * @return the name
	 */
	public String name() {
		return this.name;
	}

	/**
	 * Return the keys, in the order they are used.
	 * @return the keys
	 */
	public List<ApiKey> keys() {
		return this.keys;
	}

	/**
	 * Return whether no key was found.
	 * @return {@code true} when there is no key
	 */
	public boolean isEmpty() {
		return this.keys.isEmpty();
	}

	/**
	 * Return the number of keys.
	 * @return the key count
	 */
	public int count() {
		return this.keys.size();
	}

	/**
	 * Return the first key.
	 * @return the first key
	 * @throws MissingApiKeyException when there is no key
	 */
	public ApiKey primary() {
		if (this.keys.isEmpty()) {
			throw new MissingApiKeyException(this.name);
		}
		return this.keys.get(0);
	}

	/**
	 * Return the fingerprints of the keys, in order.
	 * @return the fingerprints
	 */
	public List<String> fingerprints() {
		return this.fingerprints;
	}

	/**
	 * Return where the first key came from, or {@code null} when there is none.
	 * @return the origin
	 */
	public @Nullable KeyOrigin origin() {
		return this.keys.isEmpty() ? null : this.keys.get(0).origin();
	}

	/**
	 * Return what JSON shows of these keys: the keys' descriptions, never their values.
	 * @return the key descriptions
	 */
	@JsonValue
	public List<ApiKey> describe() {
		return this.keys;
	}

	@Override
	public String toString() {
		return "ProviderKeys[" + this.name + " " + this.fingerprints + "]";
	}

}
