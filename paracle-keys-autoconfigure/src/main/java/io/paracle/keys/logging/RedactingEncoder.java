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

	RedactingEncoder(Encoder<ILoggingEvent> delegate, KeyRedactor redactor) {
		this.delegate = delegate;
		this.redactor = redactor;
		Charset charset = (delegate instanceof LayoutWrappingEncoder<?> wrapping) ? wrapping.getCharset() : null;
		this.charset = (charset != null) ? charset : StandardCharsets.UTF_8;
	}

	Encoder<ILoggingEvent> getDelegate() {
		return this.delegate;
	}

	@Override
	public byte[] headerBytes() {
		return this.delegate.headerBytes();
	}

	@Override
	public byte[] encode(ILoggingEvent event) {
		byte[] encoded = this.delegate.encode(event);
		if (encoded == null || encoded.length == 0) {
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
