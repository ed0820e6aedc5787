package io.paracle.keys.logging;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.Appender;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import org.slf4j.ILoggerFactory;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.InitializingBean;

/**
 * Puts a {@link RedactingEncoder} in front of the encoder of every Logback output appender (console, file,
 * rolling file) of every logger, so that no log line at any level, from any library, can print a key. Restores
 * the original encoders when the application context closes.
 *
 * @author paracle-keys
 */
public class LogbackKeyRedaction implements InitializingBean, DisposableBean {

	private final KeyRedactor redactor;

	private final List<OutputStreamAppender<ILoggingEvent>> wrapped = new ArrayList<>();

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
			for (Iterator<Appender<ILoggingEvent>> it = logger.iteratorForAppenders(); it.hasNext();) {
				if (it.next() instanceof OutputStreamAppender<ILoggingEvent> appender) {
					wrap(appender);
				}
			}
		}
	}

	private void wrap(OutputStreamAppender<ILoggingEvent> appender) {
		Encoder<ILoggingEvent> encoder = appender.getEncoder();
		if (encoder == null || encoder instanceof RedactingEncoder) {
			return;
		}
		RedactingEncoder redacting = new RedactingEncoder(encoder, this.redactor);
		redacting.setContext(encoder.getContext());
		redacting.start();
		appender.setEncoder(redacting);
		this.wrapped.add(appender);
	}

	@Override
	public synchronized void destroy() {
		for (OutputStreamAppender<ILoggingEvent> appender : this.wrapped) {
			if (appender.getEncoder() instanceof RedactingEncoder redacting
					&& redacting.getDelegate() != null) {
				appender.setEncoder(redacting.getDelegate());
			}
		}
		this.wrapped.clear();
	}

}
