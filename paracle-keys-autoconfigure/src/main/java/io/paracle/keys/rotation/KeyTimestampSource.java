package io.paracle.keys.rotation;

import java.time.Instant;

import io.paracle.keys.resolve.ApiKey;
import io.paracle.keys.resolve.ProviderConfiguration;
import org.jspecify.annotations.Nullable;

/**
 * Tells when a key was created or last changed, for the key age policy. Implementations read the
 * {@code key-created} property or a secret store's metadata; declare one as a bean to add a source.
 *
 * @author paracle-keys
 */
@FunctionalInterface
public interface KeyTimestampSource {

	/**
	 * Return when the key was created or last changed, or {@code null} when this source does not know.
	 * @param configuration the provider configuration holding the key
	 * @param key the key
	 * @return the time, or {@code null}
	 */
	@Nullable Instant lastChanged(ProviderConfiguration configuration, ApiKey key);

}
