package io.paracle.keys.metrics;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.paracle.keys.resilience.KeyPoolListener;
import io.paracle.keys.resilience.KeyState;
import io.paracle.keys.resolve.ApiKey;

/**
 * Per-key meters, tagged {@code provider} and {@code fingerprint} (never the key):
 * <ul>
 * <li>{@code paracle.keys.calls} — calls made with the key;</li>
 * <li>{@code paracle.keys.cooldowns} — times the key cooled down after a 429 or an exhausted quota;</li>
 * <li>{@code paracle.keys.rejections} — times the provider refused the key;</li>
 * <li>{@code paracle.keys.ratelimit.remaining} — gauge of what the provider says is left, tagged
 * {@code limit=requests|tokens};</li>
 * <li>{@code paracle.ratelimit.wait} — timer of the wait for a client-side rate limit permit, tagged
 * {@code provider} and {@code admitted}.</li>
 * </ul>
 *
 * @author paracle-keys
 */
public class KeyPoolMeters implements KeyPoolListener {

	/** Calls per key. */
	public static final String CALLS = "paracle.keys.calls";

	/** Cool-downs per key. */
	public static final String COOLDOWNS = "paracle.keys.cooldowns";

	/** Rejections per key. */
	public static final String REJECTIONS = "paracle.keys.rejections";

	/** Remaining requests or tokens per key, as the provider reports them. */
	public static final String REMAINING = "paracle.keys.ratelimit.remaining";

	/** Wait for a client-side rate limit permit. */
	public static final String WAIT = "paracle.ratelimit.wait";

	private final MeterRegistry registry;

	private final KeyCounters calls;

	private final KeyCounters cooldowns;

	private final KeyCounters rejections;

	private final Map<String, Timer> admittedWaits = new ConcurrentHashMap<>();

	private final Map<String, Timer> refusedWaits = new ConcurrentHashMap<>();

	private final Map<String, AtomicLong> remaining = new ConcurrentHashMap<>();

	/**
	 * Create meters in a registry.
	 * @param registry the registry
	 */
	public KeyPoolMeters(MeterRegistry registry) {
		this.registry = registry;
		this.calls = new KeyCounters(registry, CALLS, "Calls made with each API key");
		this.cooldowns = new KeyCounters(registry, COOLDOWNS,
				"Cool-downs of each API key after a 429 or an exhausted quota");
		this.rejections = new KeyCounters(registry, REJECTIONS, "Times a provider refused each API key (401/403)");
	}

	@Override
	public void onCall(String provider, ApiKey key) {
		this.calls.get(provider, key).increment();
	}

	@Override
	public void onCooldown(String provider, ApiKey key, Instant until) {
		this.cooldowns.get(provider, key).increment();
	}

	@Override
	public void onRejected(String provider, ApiKey key, int status) {
		this.rejections.get(provider, key).increment();
	}

	@Override
	public void onRateLimitReport(String provider, ApiKey key, KeyState state) {
		if (state.remainingRequests() != null) {
			remaining(provider, key, "requests").set(state.remainingRequests());
		}
		if (state.remainingTokens() != null) {
			remaining(provider, key, "tokens").set(state.remainingTokens());
		}
	}

	@Override
	public void onRateLimitWait(String provider, Duration waited, boolean admitted) {
		Map<String, Timer> timers = admitted ? this.admittedWaits : this.refusedWaits;
		Timer timer = timers.get(provider);
		if (timer == null) {
			timer = timers.computeIfAbsent(provider, (name) -> Timer.builder(WAIT)
				.description("Wait for a client-side rate limit permit")
				.tags("provider", name, "admitted", Boolean.toString(admitted))
				.register(this.registry));
		}
		timer.record(waited);
	}

	private AtomicLong remaining(String provider, ApiKey key, String limit) {
		String id = provider + '\0' + key.fingerprint() + '\0' + limit;
		return this.remaining.computeIfAbsent(id, (ignored) -> {
			AtomicLong value = new AtomicLong();
			Gauge.builder(REMAINING, value, AtomicLong::doubleValue)
				.description("Requests or tokens left for each API key, as the provider reports them")
				.tags("provider", provider, "fingerprint", key.fingerprint(), "limit", limit)
				.register(this.registry);
			return value;
		});
	}

	/**
	 * The counters of one meter, by provider and key fingerprint: a call reads two maps and allocates nothing
	 * once the counter of a key exists.
	 */
	private static final class KeyCounters {

		private final MeterRegistry registry;

		private final String name;

		private final String description;

		private final Map<String, Map<String, Counter>> byProvider = new ConcurrentHashMap<>();

		KeyCounters(MeterRegistry registry, String name, String description) {
			this.registry = registry;
			this.name = name;
			this.description = description;
		}

		Counter get(String provider, ApiKey key) {
			Map<String, Counter> byFingerprint = this.byProvider.get(provider);
			if (byFingerprint == null) {
				byFingerprint = this.byProvider.computeIfAbsent(provider, (ignored) -> new ConcurrentHashMap<>());
			}
			Counter counter = byFingerprint.get(key.fingerprint());
			if (counter == null) {
				counter = byFingerprint.computeIfAbsent(key.fingerprint(), (fingerprint) -> Counter.builder(this.name)
					.description(this.description)
					.tags(Tags.of("provider", provider, "fingerprint", fingerprint))
					.register(this.registry));
			}
			return counter;
		}

	}

}
