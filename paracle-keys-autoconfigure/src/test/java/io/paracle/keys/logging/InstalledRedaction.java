package io.paracle.keys.logging;

import java.util.List;

/**
 * The starter's log redaction installed on Logback's appenders outside an application context, for tests of
 * other packages that check what a call path logs at TRACE.
 */
public final class InstalledRedaction implements AutoCloseable {

	private final LogbackKeyRedaction redaction;

	private InstalledRedaction(LogbackKeyRedaction redaction) {
		this.redaction = redaction;
	}

	/**
	 * Install the redaction of these secrets.
	 * @param secrets the secrets
	 * @return the installed redaction, to close afterwards
	 */
	public static InstalledRedaction of(String... secrets) {
		KeyRedactor redactor = new KeyRedactor();
		redactor.addAll(List.of(secrets));
		LogbackKeyRedaction redaction = new LogbackKeyRedaction(redactor);
		redaction.install();
		return new InstalledRedaction(redaction);
	}

	@Override
	public void close() {
		this.redaction.destroy();
	}

}
