package io.paracle.keys.resolve;

import org.springframework.util.Assert;

/**
 * The startup checks of {@link KeyChecks}, for keys that arrive at run time: a per-call key (for example
 * {@code ChatRequest.Builder.apiKey(...)}) is refused with the same text a configured key gets at startup (empty,
 * too long, a placeholder or unexpanded {@code ${VAR}}, whitespace, quotes, or a character outside printable
 * ASCII with its kind and position), never with the key.
 *
 * @author paracle-keys
 */
public final class ApiKeys {

	private ApiKeys() {
	}

	/**
	 * Check a per-call key value.
	 * @param value the key value
	 * @return the value, when it passes
	 * @throws IllegalArgumentException naming what is wrong and where, never the value
	 */
	public static String checkPerCallKey(String value) {
		Assert.notNull(value, "'value' must not be null");
		check("The per-call key (ChatRequest.apiKey)", value);
		return value;
	}

	/**
	 * Check a per-call key.
	 * @param key the key
	 * @return the key, when it passes
	 * @throws IllegalArgumentException naming what is wrong and where, never the value
	 */
	public static ApiKey checkPerCallKey(ApiKey key) {
		Assert.notNull(key, "'key' must not be null");
		check("The per-call key (" + key.origin().description() + ")", key.secret());
		return key;
	}

	private static void check(String what, String value) {
		KeyChecks.Finding finding = KeyChecks.find(value);
		if (finding != null) {
			throw new IllegalArgumentException(what + " " + finding.description()
					+ ". Pass the key exactly as the provider's key page shows it: printable ASCII, at most "
					+ KeyChecks.MAX_KEY_LENGTH + " characters.");
		}
	}

}
