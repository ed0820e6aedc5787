package io.paracle.keys.secrets;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

/**
 * Meters of the secret store re-reads, tagged {@code backend} ({@code vault}, {@code aws}, {@code azure}):
 * {@code paracle.secrets.refresh.failures} (counter of failed re-reads; Prometheus
 * {@code paracle_secrets_refresh_failures_total}) and {@code paracle.secrets.store.up} (gauge, 1 while the last
 * re-read succeeded, 0 while the store is down).
 *
 * @author paracle-keys
 */
class SecretStoreMeterBinder implements MeterBinder {

	/** Name of the failure counter. */
	public static final String FAILURES = "paracle.secrets.refresh.failures";

	/** Name of the up gauge. */
	public static final String UP = "paracle.secrets.store.up";

	private final SecretStoreStatus status;

	/**
	 * Create a new binder.
	 * @param status the store status
	 */
	public SecretStoreMeterBinder(SecretStoreStatus status) {
		this.status = status;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		FunctionCounter.builder(FAILURES, this.status, SecretStoreStatus::getFailures)
			.description("Re-reads of the secret store that failed; the last good keys stayed in use")
			.tag("backend", this.status.getBackend())
			.register(registry);
		Gauge.builder(UP, this.status, (status) -> status.isUp() ? 1 : 0)
			.description("Whether the last re-read of the secret store succeeded (1) or failed (0)")
			.tag("backend", this.status.getBackend())
			.register(registry);
	}

}
