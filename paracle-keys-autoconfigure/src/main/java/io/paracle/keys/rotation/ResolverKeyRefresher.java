package io.paracle.keys.rotation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.paracle.keys.resolve.ApiKeyResolver;
import org.jspecify.annotations.Nullable;

/**
 * Re-reads the local key sources (environment, {@code *_FILE}, {@code .env}, mounted secret directories) through
 * the {@link ApiKeyResolver}; after a rejection at most once per minimum interval, so a flood of 401s does not
 * become a flood of re-reads. A rejection also counts as "keys changed" when another re-read (scheduled, manual or
 * caused by a concurrent rejection) changed the provider's keys within the minimum interval: calls that were in
 * flight with the old key then retry with the new one instead of failing.
 *
 * @author paracle-keys
 */
public class ResolverKeyRefresher implements KeyRefresher {

	private final ApiKeyResolver resolver;

	private final Duration minInterval;

	private final Clock clock;

	private @Nullable Instant lastRejectionRefresh;

	private final Map<String, Instant> lastChanged = new ConcurrentHashMap<>();

	/**
	 * Create a new refresher.
	 * @param resolver the key resolver
	 * @param minInterval minimum time between two re-reads caused by rejections
	 * @param clock the clock
	 */
	public ResolverKeyRefresher(ApiKeyResolver resolver, Duration minInterval, Clock clock) {
		this.resolver = resolver;
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

	private List<String> reReadAndRecord() {
		List<String> changed = reRead();
		Instant now = this.clock.instant();
		changed.forEach((provider) -> this.lastChanged.put(provider, now));
		return changed;
	}

	/**
	 * Re-read the sources. Subclasses re-read secret stores first.
	 * @return the provider configurations whose keys changed
	 */
	protected List<String> reRead() {
		return this.resolver.refresh();
	}

	/**
	 * Return the key resolver.
	 * @return the resolver
	 */
	protected ApiKeyResolver getResolver() {
		return this.resolver;
	}

}
