package io.paracle.keys.refresh;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.paracle.keys.resolve.ApiKeyResolver;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * The one re-read of every key source, whatever asked for it (the schedule, a provider's 401/403, the
 * {@code paracle} endpoint): first each {@link KeySourceReload} (a secret store, when one is the backend), then
 * the {@link ApiKeyResolver}, which compares fingerprints and publishes an event per changed provider.
 * <p>
 * After a rejection at most once per minimum interval, so a flood of 401s does not become a flood of re-reads. A
 * rejection also counts as "keys changed" when another re-read (scheduled, manual or caused by a concurrent
 * rejection) changed the provider's keys within the minimum interval: calls that were in flight with the old key
 * then retry with the new one instead of failing.
 *
 * @author paracle-keys
 */
public class KeySourcesRefresher implements KeyRefresher {

	private final ApiKeyResolver resolver;

	private final List<KeySourceReload> reloads;

	private final Duration minInterval;

	private final Clock clock;

	private @Nullable Instant lastRejectionRefresh;

	private final Map<String, Instant> lastChanged = new ConcurrentHashMap<>();

	/**
	 * Create a new refresher.
	 * @param resolver the key resolver
	 * @param reloads the backends to re-read before the resolver, in order
	 * @param minInterval minimum time between two re-reads caused by rejections
	 * @param clock the clock
	 */
	public KeySourcesRefresher(ApiKeyResolver resolver, List<KeySourceReload> reloads, Duration minInterval,
			Clock clock) {
		Assert.notNull(resolver, "resolver must not be null");
		Assert.notNull(reloads, "reloads must not be null");
		Assert.notNull(minInterval, "minInterval must not be null");
		Assert.notNull(clock, "clock must not be null");
		this.resolver = resolver;
		this.reloads = List.copyOf(reloads);
		this.minInterval = minInterval;
		this.clock = clock;
	}

	@Override
	public List<String> refresh() {
		return reReadAndRecord();
	}

	@Override
	public synchronized boolean refreshAfterRejection(String provider) {
		Instant now = this.clock.instant();
		if (this.lastRejectionRefresh == null || !now.isBefore(this.lastRejectionRefresh.plus(this.minInterval))) {
			this.lastRejectionRefresh = now;
			if (reReadAndRecord().contains(provider)) {
				return true;
			}
		}
		Instant changed = this.lastChanged.get(provider);
		return changed != null && now.isBefore(changed.plus(this.minInterval));
	}

	/**
	 * Return the backends re-read before the resolver.
	 * @return the reloads, in order
	 */
	public List<KeySourceReload> getReloads() {
		return this.reloads;
	}

	private List<String> reReadAndRecord() {
		this.reloads.forEach(KeySourceReload::reload);
		List<String> changed = this.resolver.refresh();
		Instant now = this.clock.instant();
		changed.forEach((provider) -> this.lastChanged.put(provider, now));
		return changed;
	}

}
