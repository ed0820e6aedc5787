package io.paracle.keys.catalog;

import org.jspecify.annotations.Nullable;

/**
 * How a provider expects its API key on the wire. Keys always travel in a request header (or an AWS
 * signature), never in a URL.
 *
 * @author paracle-keys
 */
public enum KeyTransport {

	/** {@code Authorization: Bearer <key>}. */
	BEARER("Authorization"),

	/** {@code x-api-key: <key>} (Anthropic). */
	X_API_KEY("x-api-key"),

	/** {@code x-goog-api-key: <key>} (Gemini), instead of the {@code ?key=} query parameter. */
	X_GOOG_API_KEY("x-goog-api-key"),

	/** {@code api-key: <key>} (Azure OpenAI). */
	API_KEY("api-key"),

	/** AWS Signature Version 4 computed by the AWS SDK from an access key pair (Bedrock). */
	AWS_SIGV4(null);

	private final @Nullable String headerName;

	KeyTransport(@Nullable String headerName) {
		this.headerName = headerName;
	}

	/**
	 * Return the HTTP header that carries the key, or {@code null} for {@link #AWS_SIGV4}.
	 * @return the header name
	 */
	public @Nullable String headerName() {
		return this.headerName;
	}

	/**
	 * Return the header value for the given key.
	 * @param key the key value
	 * @return the value to send
	 */
	public String headerValue(String key) {
		return (this == BEARER) ? "Bearer " + key : key;
	}

}
