package io.paracle.keys.rotation;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

import io.paracle.keys.resolve.ApiKey;
import io.paracle.keys.resolve.ProviderConfiguration;
import org.jspecify.annotations.Nullable;

/**
 * Key timestamps from {@code paracle.providers.<name>.key-created} (an ISO date), for keys from the
 * environment, whose sources keep no metadata.
 *
 * @author paracle-keys
 */
public class PropertyKeyTimestampSource implements KeyTimestampSource {

	@Override
	public @Nullable Instant lastChanged(ProviderConfiguration configuration, ApiKey key) {
		LocalDate created = configuration.requiredSettings().keyCreated();
		return (created != null) ? created.atStartOfDay(ZoneOffset.UTC).toInstant() : null;
	}

}
