package io.paracle.keys.refresh;

/**
 * Re-reads one backend of key sources into the environment before the resolver compares the keys: a secret
 * store through Spring Cloud's {@code ContextRefresher}, for example. The local sources (environment,
 * {@code *_FILE}, {@code .env}, mounted directories) need none: the resolver reads them itself. A reload that
 * fails leaves the environment as it was and reports the failure its own way; it does not throw.
 *
 * @author paracle-keys
 */
@FunctionalInterface
public interface KeySourceReload {

	/**
	 * Re-read the backend now.
	 */
	void reload();

}
