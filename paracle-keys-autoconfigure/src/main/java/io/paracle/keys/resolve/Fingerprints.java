package io.paracle.keys.resolve;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Fingerprints of key values: the first 8 hex digits of the SHA-256 digest. Enough to tell keys apart in logs,
 * health details and meter tags; useless for recovering the key.
 *
 * @author paracle-keys
 */
public final class Fingerprints {

	private static final int LENGTH = 8;

	private Fingerprints() {
	}

	/**
	 * Return the fingerprint of a value.
	 * @param value the value
	 * @return 8 lower-case hex digits
	 */
	public static String of(String value) {
		try {
			byte[] digest = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
			return HexFormat.of().formatHex(digest, 0, LENGTH / 2);
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("SHA-256 is required by every Java platform", ex);
		}
	}

}
