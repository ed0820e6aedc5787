package io.paracle.keys.logging;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.encoder.EncoderBase;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;

/**
 * A Logback encoder that encodes with the appender's own encoder, then replaces keys in the result. Works for
 * every layout (patterns, JSON), and covers messages, arguments, MDC and stack traces alike.
 *
 * @author paracle-keys
 */
final class RedactingEncoder extends EncoderBase<ILoggingEvent> {

	private final Encoder<ILoggingEvent> delegate;

	private final KeyRedactor redactor;

	private final Charset charset;

	/** Events logged after this time are not redacted: the application that installed this encoder closed. */
	private volatile long retiredAt = Long.MAX_VALUE;

	RedactingEncoder(Encoder<ILoggingEvent> delegate, KeyRedactor redactor) {
		this.delegate = delegate;
		this.redactor = redactor;
		Charset charset = (delegate instanceof LayoutWrappingEncoder<?> wrapping) ? wrapping.getCharset() : null;
		this.charset = (charset != null) ? charset : StandardCharsets.UTF_8;
	}

	Encoder<ILoggingEvent> getDelegate() {
		return this.delegate;
	}

	/**
	 * Stop redacting events logged after the given time; earlier events that an async appender still queues are
	 * redacted when they are written.
	 */
	void retire(long at) {
		this.retiredAt = at;
	}

	boolean isRetired() {
		return this.retiredAt != Long.MAX_VALUE;
	}

	@Override
	public byte[] headerBytes() {
		return this.delegate.headerBytes();
	}

	@Override
	public byte[] encode(ILoggingEvent event) {
		byte[] encoded = this.delegate.encode(event);
		if (encoded == null || encoded.length == 0 || event.getTimeStamp() > this.retiredAt) {
			return encoded;
		}
		String text = new String(encoded, this.charset);
		String redacted = this.redactor.redact(text);
		return (redacted == text) ? encoded : redacted.getBytes(this.charset);
	}

	@Override
	public byte[] footerBytes() {
		return this.delegate.footerBytes();
	}

	@Override
	public boolean isStarted() {
		return this.delegate.isStarted();
	}

}
