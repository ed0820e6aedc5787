package io.paracle.keys.resilience;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import io.paracle.keys.resolve.ApiKey;
import io.paracle.keys.resolve.ProviderKeys;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * The keys of one provider configuration with their run-time state. Hands out keys through a
 * {@link KeySelectionStrategy}, skipping keys that cool down after a 429 (for the provider's Retry-After, or a
 * default) and keys the provider rejected (until the keys are re-resolved). Reads the current keys from the
 * resolver on every selection, so rotated keys are used at once. With a {@link SharedKeyState} the cool-downs and
 * rejections of every replica count: each selection reads them (when the store answers) and each change here is
 * shared. Thread-safe.
 *
 * @author paracle-keys
 */
public class KeyPool {

	private final String provider;

	private final Supplier<ProviderKeys> keys;

	private final KeySelectionStrategy strategy;

	private final Clock clock;

	/** Default of {@code paracle.providers.<name>.rejection-probe-interval}. */
	public static final Duration DEFAULT_REJECTION_PROBE_INTERVAL = Duration.ofMinutes(10);

	/** Default of {@code paracle.providers.<name>.max-cooldown}. */
	public static final Duration DEFAULT_MAX_COOLDOWN = Duration.ofMinutes(10);

	private final Duration defaultCooldown;

	private final long maxCooldownMillis;

	private volatile long probeIntervalMillis;

	/**
	 * Whether a key may be rejected: lets a selection and a success skip the rejection bookkeeping on the hot path
	 * while no key is. Set before a key is rejected, cleared before the rejections are.
	 */
	private volatile boolean anyRejected;

	private final KeyPoolListener listener;

	private final Map<String, Entry> entries = new ConcurrentHashMap<>();

	private volatile @Nullable ProviderKeys lastSeen;

	private volatile SharedKeyState sharedState = SharedKeyState.LOCAL;

	/**
	 * Create a pool.
	 * @param provider the provider configuration name
	 * @param keys the current keys (read on every selection)
	 * @param strategy picks a key among the usable ones
	 * @param clock the time source of cool-downs
	 * @param defaultCooldown cool-down after a 429 without Retry-After
	 * @param listener hears calls, cool-downs and rejections
	 */
	public KeyPool(String provider, Supplier<ProviderKeys> keys, KeySelectionStrategy strategy, Clock clock,
			Duration defaultCooldown, KeyPoolListener listener) {
		this(provider, keys, strategy, clock, defaultCooldown, DEFAULT_MAX_COOLDOWN, listener);
	}

	/**
	 * Create a pool.
	 * @param provider the provider configuration name
	 * @param keys the current keys (read on every selection)
	 * @param strategy picks a key among the usable ones
	 * @param clock the time source of cool-downs
	 * @param defaultCooldown cool-down after a 429 without Retry-After
	 * @param maxCooldown the longest cool-down, whatever the provider asks (Retry-After, rate-limit resets)
	 * @param listener hears calls, cool-downs and rejections
	 */
	public KeyPool(String provider, Supplier<ProviderKeys> keys, KeySelectionStrategy strategy, Clock clock,
			Duration defaultCooldown, Duration maxCooldown, KeyPoolListener listener) {
		Assert.isTrue(maxCooldown.compareTo(Duration.ZERO) > 0, "maxCooldown must be positive");
		this.provider = provider;
		this.keys = keys;
		this.strategy = strategy;
		this.clock = clock;
		this.defaultCooldown = defaultCooldown;
		this.maxCooldownMillis = maxCooldown.toMillis();
		this.probeIntervalMillis = DEFAULT_REJECTION_PROBE_INTERVAL.toMillis();
		this.listener = listener;
	}

	/**
	 * Set how long after a rejection one call may try the rejected key again (a probe); zero switches probes off.
	 * @param interval the interval
	 */
	public void setRejectionProbeInterval(Duration interval) {
		Assert.isTrue(!interval.isNegative(), "interval must not be negative");
		this.probeIntervalMillis = interval.toMillis();
	}

	/**
	 * Share the cool-downs and rejections of this pool's keys with other replicas.
	 * @param sharedState the shared state
	 */
	public void setSharedState(SharedKeyState sharedState) {
		this.sharedState = sharedState;
	}

	/**
	 * Return the provider configuration name.
	 * @return the name
	 */
	public String provider() {
		return this.provider;
	}

	/**
	 * Pick a usable key for a call.
	 * @return the key, or {@code null} when every key is cooling down or rejected
	 */
	public @Nullable ApiKey select() {
		return select(null);
	}

	/**
	 * Pick a usable key for a call, with the shared state already read for it.
	 * @param admission the shared state read for this call ({@link SharedKeyState#admit}), or {@code null} to
	 * read it now
	 * @return the key, or {@code null} when every key is cooling down or rejected
	 */
	public @Nullable ApiKey select(SharedKeyState.@Nullable Admission admission) {
		ProviderKeys current = current();
		List<ApiKey> all = current.keys();
		long now = this.clock.millis();
		applySharedState(all, now, (admission != null && admission.keys() == all) ? admission.keyState() : null);
		ApiKey selected = claimProbe(all, now);
		if (selected != null) {
			this.listener.onCall(this.provider, selected);
			return selected;
		}
		if (all.size() == 1) {
			ApiKey only = all.get(0);
			selected = usable(only, now) ? only : null;
		}
		else {
			List<ApiKey> available = usable(all, now);
			selected = available.isEmpty() ? null : this.strategy.select(this.provider, available);
		}
		if (selected != null) {
			this.listener.onCall(this.provider, selected);
		}
		return selected;
	}

	/**
	 * Take in what other replicas saw: their cool-downs, and their rejections (a key no replica rejects any more
	 * was accepted by a probe or cleared by an operator).
	 */
	private void applySharedState(List<ApiKey> all, long now, SharedKeyState.@Nullable SharedKeys read) {
		SharedKeyState shared = this.sharedState;
		if (shared == SharedKeyState.LOCAL) {
			return;
		}
		SharedKeyState.SharedKeys state = (read != null) ? read : shared.read(this.provider, all);
		if (state == null) {
			return;
		}
		for (int i = 0; i < all.size(); i++) {
			ApiKey key = all.get(i);
			long until = state.coolingUntil()[i];
			if (until > now) {
				Entry entry = entry(key);
				if (until > entry.coolingUntil) {
					entry.coolingUntil = until;
				}
			}
			if (state.rejected()[i]) {
				Entry entry = entry(key);
				if (!entry.rejected) {
					this.anyRejected = true;
					entry.probeAt.set(now + this.probeIntervalMillis);
					entry.rejected = true;
				}
			}
			else if (this.anyRejected) {
				Entry entry = this.entries.get(key.fingerprint());
				if (entry != null && entry.rejected) {
					entry.rejected = false;
				}
			}
		}
	}

	/**
	 * Return a rejected key whose probe is due, claimed by this call alone: the next probe is due one interval
	 * later, whatever this one finds.
	 */
	private @Nullable ApiKey claimProbe(List<ApiKey> all, long now) {
		if (!this.anyRejected || this.probeIntervalMillis <= 0) {
			return null;
		}
		for (ApiKey key : all) {
			Entry entry = this.entries.get(key.fingerprint());
			if (entry != null && entry.rejected && now >= entry.coolingUntil) {
				long due = entry.probeAt.get();
				if (now >= due && entry.probeAt.compareAndSet(due, now + this.probeIntervalMillis)) {
					return key;
				}
			}
		}
		return null;
	}

	/**
	 * Record that a key was accepted: a rejected key that a probe found working is usable again.
	 * @param key the key
	 */
	public void accepted(ApiKey key) {
		if (!this.anyRejected) {
			return;
		}
		Entry entry = this.entries.get(key.fingerprint());
		if (entry != null && entry.rejected) {
			entry.rejected = false;
			this.sharedState.accepted(this.provider, key);
		}
	}

	/**
	 * Forget every cool-down and rejection now (an operator's {@code POST /actuator/paracle}).
	 * @return the fingerprints of the keys that were cooling down or rejected
	 */
	public List<String> clear() {
		List<String> cleared = new ArrayList<>();
		long now = this.clock.millis();
		this.anyRejected = false;
		this.entries.forEach((fingerprint, entry) -> {
			if (entry.rejected || entry.coolingUntil > now) {
				cleared.add(fingerprint);
			}
			entry.rejected = false;
			entry.coolingUntil = 0;
		});
		this.sharedState.cleared(this.provider, current().fingerprints());
		return cleared;
	}

	/**
	 * Cool a key down after a 429.
	 * @param key the key
	 * @param retryAfter the provider's Retry-After, or {@code null} for the default cool-down
	 * @return when the key may be used again
	 */
	public Instant cooldown(ApiKey key, @Nullable Duration retryAfter) {
		Duration duration = (retryAfter != null && !retryAfter.isNegative()) ? retryAfter : this.defaultCooldown;
		long now = this.clock.millis();
		Instant until = Instant.ofEpochMilli(now + Math.min(duration.toMillis(), this.maxCooldownMillis));
		coolUntil(key, until);
		return until;
	}

	/**
	 * Cool a key down until a given time (for example the reset time of an exhausted provider quota).
	 * @param key the key
	 * @param until when it may be used again
	 */
	public void coolUntil(ApiKey key, Instant until) {
		Entry entry = entry(key);
		long capped = Math.min(until.toEpochMilli(), this.clock.millis() + this.maxCooldownMillis);
		entry.coolingUntil = Math.max(entry.coolingUntil, capped);
		this.sharedState.cooled(this.provider, key, Instant.ofEpochMilli(capped));
		this.listener.onCooldown(this.provider, key, Instant.ofEpochMilli(capped));
	}

	/**
	 * Take a key out of use after the provider refused it, until the keys are re-resolved; one call may probe it
	 * again after the rejection probe interval.
	 * @param key the key
	 * @param status the HTTP status
	 */
	public void reject(ApiKey key, int status) {
		current();
		Entry entry = entry(key);
		this.anyRejected = true;
		entry.rejected = true;
		entry.probeAt.set(this.clock.millis() + this.probeIntervalMillis);
		this.sharedState.rejected(this.provider, key, status);
		this.listener.onRejected(this.provider, key, status);
	}

	/**
	 * Record the provider's rate limit report for a key, and cool it down until the reset when the provider says
	 * nothing is left.
	 * @param key the key
	 * @param remainingRequests requests left, or {@code null}
	 * @param requestsReset when the request window resets, or {@code null}
	 * @param remainingTokens tokens left, or {@code null}
	 * @param tokensReset when the token window resets, or {@code null}
	 */
	public void rateLimitReport(ApiKey key, @Nullable Long remainingRequests, @Nullable Instant requestsReset,
			@Nullable Long remainingTokens, @Nullable Instant tokensReset) {
		Entry entry = entry(key);
		entry.remainingRequests = remainingRequests;
		entry.remainingTokens = remainingTokens;
		this.listener.onRateLimitReport(this.provider, key, entry.state(key.fingerprint()));
		if (remainingRequests != null && remainingRequests <= 0 && requestsReset != null) {
			coolUntil(key, requestsReset);
		}
		if (remainingTokens != null && remainingTokens <= 0 && tokensReset != null) {
			coolUntil(key, tokensReset);
		}
	}

	/**
	 * Return the earliest time a cooling key may be used again, or {@code null} when no key is cooling down.
	 * @return the earliest time
	 */
	public @Nullable Instant earliestAvailable() {
		long earliest = Long.MAX_VALUE;
		long now = this.clock.millis();
		for (ApiKey key : current().keys()) {
			Entry entry = this.entries.get(key.fingerprint());
			if (entry != null && !entry.rejected && entry.coolingUntil > now) {
				earliest = Math.min(earliest, entry.coolingUntil);
			}
		}
		return (earliest != Long.MAX_VALUE) ? Instant.ofEpochMilli(earliest) : null;
	}

	/**
	 * Return whether the provider rejected every key.
	 * @return whether no key is left
	 */
	public boolean allRejected() {
		List<ApiKey> all = current().keys();
		for (int i = 0; i < all.size(); i++) {
			// an indexed loop: no iterator on every call's path
			Entry entry = this.entries.get(all.get(i).fingerprint());
			if (entry == null || !entry.rejected) {
				return false;
			}
		}
		return !all.isEmpty();
	}

	/**
	 * Return the state of every current key, in configuration order.
	 * @return the states
	 */
	public List<KeyState> states() {
		List<KeyState> states = new ArrayList<>();
		long now = this.clock.millis();
		for (ApiKey key : current().keys()) {
			Entry entry = this.entries.get(key.fingerprint());
			states.add((entry != null) ? entry.state(key.fingerprint(), now)
					: new KeyState(key.fingerprint(), null, false, null, null));
		}
		return states;
	}

	/**
	 * Forget rejections, for example after the keys were re-read from their sources.
	 */
	public void resetRejections() {
		this.anyRejected = false;
		this.entries.values().forEach((entry) -> entry.rejected = false);
	}

	private ProviderKeys current() {
		ProviderKeys current = this.keys.get();
		if (current != this.lastSeen) {
			this.lastSeen = current;
			resetRejections();
		}
		return current;
	}

	/**
	 * Return the usable keys, in order: the (unmodifiable) list of all keys itself when every key is usable, the
	 * usual case, so that a selection allocates nothing.
	 */
	private List<ApiKey> usable(List<ApiKey> all, long now) {
		int usable = 0;
		for (ApiKey key : all) {
			if (usable(key, now)) {
				usable++;
			}
		}
		if (usable == all.size()) {
			return all;
		}
		List<ApiKey> available = new ArrayList<>(usable);
		for (ApiKey key : all) {
			if (usable(key, now)) {
				available.add(key);
			}
		}
		return available;
	}

	private boolean usable(ApiKey key, long now) {
		Entry entry = this.entries.get(key.fingerprint());
		return entry == null || (!entry.rejected && now >= entry.coolingUntil);
	}

	private Entry entry(ApiKey key) {
		return this.entries.computeIfAbsent(key.fingerprint(), (fingerprint) -> new Entry());
	}

	private static final class Entry {

		volatile long coolingUntil;

		volatile boolean rejected;

		final AtomicLong probeAt = new AtomicLong();

		volatile @Nullable Long remainingRequests;

		volatile @Nullable Long remainingTokens;

		KeyState state(String fingerprint) {
			return new KeyState(fingerprint, null, this.rejected, this.remainingRequests, this.remainingTokens);
		}

		KeyState state(String fingerprint, long now) {
			Instant until = (this.coolingUntil > now) ? Instant.ofEpochMilli(this.coolingUntil) : null;
			return new KeyState(fingerprint, until, this.rejected, this.remainingRequests, this.remainingTokens);
		}

	}

}
