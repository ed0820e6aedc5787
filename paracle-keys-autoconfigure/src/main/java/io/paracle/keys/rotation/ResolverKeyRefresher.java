package io.paracle.keys.rotation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.paracle.keys.resolve.ApiKeyResolver;
import org.jspecify.annotations.Nullable;

/**
 * Re-reads the local key sources (environment, {@code *_FILE}, {@code .env}, mounted secret directories) through
 * the {@link ApiKeyResolver}; after a rejection at most once per minimum interval, so a flood of 401s does not
 * become a flood of re-reads.
 *
 * @author paracle-keys
 */
public class ResolverKeyRefresher implements KeyRefresher {

	private final ApiKeyResolver resolver;

	private final Duration minInterval;

	private final Clock clock;

	private @Nullable Instant lastRejectionRefresh;

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
		return reRead();
	}

	@Override
	public synchronized boolean refreshAfterRejection(String provider) {
		Instant now = this.clock.instant();
		if (this.lastRejectionRefresh != null && now.isBefore(this.lastRejectionRefresh.plus(this.minInterval))) {
			return false;
		}
		this.lastRejectionRefresh = now;
		return reRead().contains(provider);
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
