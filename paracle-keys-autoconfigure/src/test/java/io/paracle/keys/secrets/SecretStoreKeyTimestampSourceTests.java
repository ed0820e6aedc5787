package io.paracle.keys.secrets;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

import io.paracle.keys.resolve.ApiKey;
import io.paracle.keys.resolve.KeyOrigin;
import io.paracle.keys.resolve.KeySourceKind;
import io.paracle.keys.testsupport.MutableClock;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Key dates from store metadata: asked once per key, only for keys from that store, failures retried a minute
 * later.
 */
class SecretStoreKeyTimestampSourceTests {

	private static final String STORE = "aws-secretsmanager:paracle/api-keys";

	private static final Instant CHANGED = Instant.parse("2026-01-15T08:30:00Z");

	private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));

	private final AtomicInteger lookups = new AtomicInteger();

	@Test
	void asksTheStoreOncePerKey() {
		SecretStoreKeyTimestampSource source = new SecretStoreKeyTimestampSource(STORE, (name) -> {
			this.lookups.incrementAndGet();
			assertThat(name).isEqualTo("OPENAI_API_KEY");
			return CHANGED;
		}, this.clock);
		ApiKey key = ApiKey.of("sk-store-0001", new KeyOrigin(KeySourceKind.SECRET_STORE, "OPENAI_API_KEY", STORE));
		assertThat(source.lastChanged(null, key)).isEqualTo(CHANGED);
		assertThat(source.lastChanged(null, key)).isEqualTo(CHANGED);
		assertThat(this.lookups).hasValue(1);
	}

	@Test
	void datesOnlyKeysFromItsStore() {
		SecretStoreKeyTimestampSource source = new SecretStoreKeyTimestampSource(STORE, (name) -> CHANGED, this.clock);
		assertThat(source.lastChanged(null, ApiKey.of("sk-env-0001",
				new KeyOrigin(KeySourceKind.ENVIRONMENT, "OPENAI_API_KEY", "systemEnvironment"))))
			.isNull();
		assertThat(source.lastChanged(null, ApiKey.of("sk-vault-0001",
				new KeyOrigin(KeySourceKind.SECRET_STORE, "OPENAI_API_KEY", "vault:secret/paracle"))))
			.isNull();
	}

	@Test
	void failedLookupIsRetriedAMinuteLater() {
		SecretStoreKeyTimestampSource source = new SecretStoreKeyTimestampSource(STORE, (name) -> {
			if (this.lookups.incrementAndGet() == 1) {
				throw new IllegalStateException("store down");
			}
			return CHANGED;
		}, this.clock);
		ApiKey key = ApiKey.of("sk-store-0001", new KeyOrigin(KeySourceKind.SECRET_STORE, "OPENAI_API_KEY", STORE));
		assertThat(source.lastChanged(null, key)).isNull();
		this.clock.advance(Duration.ofSeconds(30));
		assertThat(source.lastChanged(null, key)).isNull();
		assertThat(this.lookups).hasValue(1);
		this.clock.advance(Duration.ofSeconds(31));
		assertThat(source.lastChanged(null, key)).isEqualTo(CHANGED);
	}

}
