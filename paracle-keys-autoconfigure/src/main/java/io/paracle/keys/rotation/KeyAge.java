package io.paracle.keys.rotation;

import java.time.Duration;
import java.time.Instant;

/**
 * The age of one key and whether it is due for rotation.
 *
 * @param provider the provider configuration name
 * @param fingerprint the key fingerprint
 * @param lastChanged when the key was created or last changed
 * @param age how old it is now
 * @param rotationDue whether it is older than the maximum age
 * @author paracle-keys
 */
public record KeyAge(String provider, String fingerprint, Instant lastChanged, Duration age, boolean rotationDue) {

	/**
	 * Return the age in whole and fractional days.
	 * @return the age in days
	 */
	public double ageDays() {
		return this.age.toSeconds() / 86400.0;
	}

}
