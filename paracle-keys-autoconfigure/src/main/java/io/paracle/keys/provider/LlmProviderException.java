package io.paracle.keys.provider;

import org.jspecify.annotations.Nullable;

/**
 * Base class of the exceptions a provider call throws. Carries the provider configuration name and the HTTP
 * status, if there was an answer. Messages say what to do and never contain a key: any excerpt of a response
 * body is cut to about 200 characters and has the key replaced by its fingerprint.
 *
 * @author paracle-keys
 */
public class LlmProviderException extends RuntimeException {

	/** Provider configuration name. */
	private final String provider;

	/** HTTP status, {@code 0} without an answer. */
	private final int statusCode;

	/** Text a stream delivered before it failed, else {@code null}. */
	private volatile @Nullable String partialText;

	/**
	 * Create a new instance.
	 * @param provider the provider configuration name
	 * @param statusCode the HTTP status, or {@code 0} when there was no answer
	 * @param message the message
	 * @param cause the cause, or {@code null}
	 */
	public LlmProviderException(String provider, int statusCode, String message, @Nullable Throwable cause) {
		super(message, cause);
		this.provider = provider;
		this.statusCode = statusCode;
	}

	/**
	 * Return the provider configuration name.
	 * @return the name
	 */
	public String getProvider() {
		return this.provider;
	}

	/**
	 * Return the HTTP status of the provider's answer.
	 * @return the status, or {@code 0} when there was no answer (I/O error, timeout)
	 */
	public int getStatusCode() {
		return this.statusCode;
	}

	/**
	 * Return the text a stream ({@link LlmProvider#stream(ChatRequest)}) had delivered when it failed: the caller
	 * has seen it, so the stream is never retried.
	 * @return the text so far (empty when the stream failed before its first text), or {@code null} when the
	 * exception did not end a stream
	 */
	public @Nullable String getPartialText() {
		return this.partialText;
	}

	/**
	 * Record the text a stream had delivered when this exception ended it (once).
	 */
	void partialText(String text) {
		if (this.partialText == null) {
			this.partialText = text;
		}
	}

	/**
	 * Return whether the provider answered with an HTTP status.
	 * @return whether {@link #getStatusCode()} is set
	 */
	public boolean hasStatusCode() {
		return this.statusCode > 0;
	}

}
