package io.paracle.keys.resolve;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonValue;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * An API key and where it came from. {@link #toString()} and every message built by the starter show the
 * {@link #fingerprint() fingerprint}, never the value; the value is only handed out by {@link #secret()}, which
 * the HTTP clients call when they write the request header.
 *
 * @author paracle-keys
 */
public final class ApiKey {

	private final String secret;

	private final @Nullable String keyId;

	private final String fingerprint;

	private final KeyOrigin origin;

	private ApiKey(String secret, @Nullable String keyId, KeyOrigin origin) {
		Assert.notNull(secret, "'secret' must not be null");
		Assert.notNull(origin, "'origin' must not be null");
		this.secret = secret;
		this.keyId = keyId;
		this.origin = origin;
		this.fingerprint = Fingerprints.of(secret);
	}

	/**
	 * Create a key.
	 * @param secret the key value
	 * @param origin where it came from
	 * @return the key
	 */
	public static ApiKey of(String secret, KeyOrigin origin) {
		return new ApiKey(secret, null, origin);
	}

	/**
	 * Create a key made of a public id and a secret, such as an AWS access key pair.
	 * @param keyId the public part (e.g. an AWS access key id)
	 * @param secret the secret part
	 * @param origin where it came from
	 * @return the key
	 */
	public static ApiKey of(String keyId, String secret, KeyOrigin origin) {
		return new ApiKey(secret, keyId, origin);
	}

	/**
	 * Return the key value. Only for writing it to the provider; never log or display it.
	 * @return the secret value
	 */
	public String secret() {
		return this.secret;
	}

	/**
	 * Return the public part of a key pair (AWS access key id), or {@code null}.
	 * @return the key id
	 */
	public @Nullable String keyId() {
		return this.keyId;
	}

	/**
	 * Return the fingerprint: the first 8 hex digits of the SHA-256 of the value.
	 * @return the fingerprint
	 */
	public String fingerprint() {
		return this.fingerprint;
	}

	/**
	 * Return where the key came from.
	 * @return the origin
	 */
	public KeyOrigin origin() {
		return this.origin;
	}

	@Override
	public boolean equals(@Nullable Object obj) {
		if (this == obj) {
			return true;
		}
		return (obj instanceof ApiKey other) && this.secret.equals(other.secret)
				&& Objects.equals(this.keyId, other.keyId);
	}

	@Override
	public int hashCode() {
		return this.secret.hashCode();
	}

	/**
	 * Return what JSON shows of this key: its fingerprint and origin, never the value.
	 * @return the description
	 */
	@JsonValue
	public Map<String, Object> describe() {
		Map<String, Object> description = new LinkedHashMap<>();
		description.put("fingerprint", this.fingerprint);
		description.put("origin", this.origin.description());
		return description;
	}

	@Override
	public String toString() {
		return "ApiKey[" + this.fingerprint + " from " + this.origin.description() + "]";
	}

}
