package io.paracle.keys.logging;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.AsyncAppenderBase;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.spi.AppenderAttachable;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;

/**
 * Puts a {@link RedactingEncoder} in front of the encoder of every Logback output appender (console, file,
 * rolling file) of every logger, also behind appenders that hand events on ({@code AsyncAppender}), so that no log
 * line at any level, from any library, can print a key. Appenders that write without an encoder (syslog, SMTP,
 * sockets) are not covered. Restores the original encoders when the application context closes; behind async
 * appenders, events logged before the close stay redacted when they are written later.
 *
 * @author paracle-keys
 */
class LogbackKeyRedaction implements InitializingBean, DisposableBean {

	private final KeyRedactor redactor;

	/** Appenders called by the logging thread: their original encoders come back at close. */
	private final List<OutputStreamAppender<ILoggingEvent>> wrapped = new ArrayList<>();

	/** Encoders behind async appenders: they still redact what was logged before close. */
	private final List<RedactingEncoder> retiring = new ArrayList<>();

	/**
	 * Create a new instance.
	 * @param redactor the redactor to apply
	 */
	public LogbackKeyRedaction(KeyRedactor redactor) {
		this.redactor = redactor;
	}

	@Override
	public void afterPropertiesSet() {
		install();
	}

	/**
	 * Wrap the encoders of all output appenders that are not wrapped yet.
	 */
	public synchronized void install() {
		ILoggerFactory factory = LoggerFactory.getILoggerFactory();
		if (!(factory instanceof LoggerContext context)) {
			return;
		}
		for (Logger logger : context.getLoggerList()) {
			wrapAll(logger, false);
		}
	}

	/**
	 * Wrap the output appenders attached to a logger, or to an appender that hands events on (such as
	 * {@code AsyncAppender}, whose appenders write on a thread of their own).
	 */
	@SuppressWarnings("unchecked")
	private void wrapAll(AppenderAttachable<ILoggingEvent> attachable, boolean queued) {
		for (Iterator<Appender<ILoggingEvent>> it = attachable.iteratorForAppenders(); it.hasNext();) {
			Appender<ILoggingEvent> appender = it.next();
			if (appender instanceof OutputStreamAppender<ILoggingEvent> output) {
				wrap(output, queued);
			}
			else if (appender instanceof AppenderAttachable<?> nested) {
				boolean async = queued || appender instanceof AsyncAppenderBase;
				wrapAll((AppenderAttachable<ILoggingEvent>) nested, async);
			}
		}
	}

	private void wrap(OutputStreamAppender<ILoggingEvent> appender, boolean queued) {
		Encoder<ILoggingEvent> encoder = appender.getEncoder();
		if (encoder instanceof RedactingEncoder current) {
			if (!current.isRetired()) {
				return;
			}
			// left behind an async appender by an application that has closed
			encoder = current.getDelegate();
		}
		if (encoder == null) {
			return;
		}
		RedactingEncoder redacting = new RedactingEncoder(encoder, this.redactor);
		redacting.setContext(encoder.getContext());
		redacting.start();
		appender.setEncoder(redacting);
		if (queued) {
			this.retiring.add(redacting);
		}
		else {
			this.wrapped.add(appender);
		}
	}

	/**
	 * Restore the original encoders. Behind async appenders, which may still queue events logged while the
	 * redaction was on, the encoders stay and redact only events logged before now.
	 */
	@Override
	public synchronized void destroy() {
		for (OutputStreamAppender<ILoggingEvent> appender : this.wrapped) {
			if (appender.getEncoder() instanceof RedactingEncoder redacting) {
				appender.setEncoder(redacting.getDelegate());
			}
		}
		long now = System.currentTimeMillis();
		this.retiring.forEach((redacting) -> redacting.retire(now));
		this.wrapped.clear();
		this.retiring.clear();
	}

}
