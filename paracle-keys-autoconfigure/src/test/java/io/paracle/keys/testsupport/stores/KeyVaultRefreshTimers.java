package io.paracle.keys.testsupport.stores;

import java.time.Duration;

import static org.awaitility.Awaitility.await;

/**
 * Watches the refresh timers of Spring Cloud Azure Key Vault property sources.
 * <p>
 * Each source with a {@code refresh-interval} runs a {@link java.util.Timer} thread named
 * after the source (for example {@code azure-key-vault-secret-property-source-0}). These
 * timers live in a static registry: closing the application context does not stop them,
 * only a new source with the same name replaces them, and a refresh that throws (store
 * down, 4xx, 5xx) kills the thread for good. Tests use this class to wait for a timer to
 * die after stopping the fake, so no orphan timer fires during a later test.
 */
public final class KeyVaultRefreshTimers {

	/** The name Spring Cloud Azure gives its first property source. */
	public static final String FIRST_SOURCE = "azure-key-vault-secret-property-source-0";

	private KeyVaultRefreshTimers() {
	}

	/**
	 * Return whether the refresh timer of a source is running.
	 * @param sourceName the property source name
	 * @return {@code true} when a live thread carries that name
	 */
	public static boolean isRunning(String sourceName) {
		return Thread.getAllStackTraces().keySet().stream()
			.anyMatch((thread) -> thread.isAlive() && thread.getName().equals(sourceName));
	}

	/**
	 * Wait until the refresh timer of a source is gone. Its store must be unreachable (or
	 * the timer replaced), otherwise it never stops.
	 * @param sourceName the property source name
	 * @param timeout how long to wait at most
	 */
	public static void awaitStopped(String sourceName, Duration timeout) {
		await("refresh timer " + sourceName + " stopped").atMost(timeout)
			.dontCatchUncaughtExceptions()
			.until(() -> !isRunning(sourceName));
	}

}
