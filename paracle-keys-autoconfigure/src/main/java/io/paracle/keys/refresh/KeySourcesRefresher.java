package io.paracle.keys.refresh;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
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
 * <p>
 * Re-reads an operator asks for ({@link #refreshOnRequest()}) are coalesced and limited the same way: requests
 * that arrive while one is in flight share it, and a request within the minimum interval of the last one gets
 * that one's result without a read, so an endpoint called in a loop cannot turn into a flood of store reads.
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

	private final Object requests = new Object();

	private @Nullable CompletableFuture<RequestedRefresh> requestInFlight;

	private @Nullable RequestedRefresh lastRequested;

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

	@Override
	public RequestedRefresh refreshOnRequest() {
		CompletableFuture<RequestedRefresh> inFlight;
		CompletableFuture<RequestedRefresh> own = null;
		synchronized (this.requests) {
			inFlight = this.requestInFlight;
			if (inFlight == null) {
				RequestedRefresh last = this.lastRequested;
				if (last != null && this.clock.instant().isBefore(last.nextReadAt())) {
					return last.notReadAgain();
				}
				own = new CompletableFuture<>();
				this.requestInFlight = own;
			}
		}
		return (own != null) ? readOnRequest(own) : join(inFlight);
	}

	private RequestedRefresh readOnRequest(CompletableFuture<RequestedRefresh> own) {
		try {
			List<String> changed = reReadAndRecord();
			Instant readAt = this.clock.instant();
			RequestedRefresh result = new RequestedRefresh(changed, true, readAt, readAt.plus(this.minInterval));
			synchronized (this.requests) {
				this.lastRequested = result;
				this.requestInFlight = null;
			}
			own.complete(result);
			return result;
		}
		catch (RuntimeException | Error ex) {
			synchronized (this.requests) {
				this.requestInFlight = null;
			}
			own.completeExceptionally(ex);
			throw ex;
		}
	}

	private static RequestedRefresh join(CompletableFuture<RequestedRefresh> inFlight) {
		try {
			return inFlight.join();
		}
		catch (CompletionException ex) {
			if (ex.getCause() instanceof RuntimeException cause) {
				throw cause;
			}
			throw ex;
		}
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
