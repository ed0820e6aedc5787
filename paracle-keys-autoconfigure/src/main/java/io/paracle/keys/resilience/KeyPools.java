package io.paracle.keys.resilience;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import io.paracle.keys.resolve.ApiKey;
import io.paracle.keys.resolve.ApiKeyResolver;
import io.paracle.keys.resolve.ApiKeysRotatedEvent;
import io.paracle.keys.resolve.ProviderConfiguration;
import io.paracle.keys.resolve.ProviderSettings;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationListener;

/**
 * The run-time state of every provider configuration: its {@link KeyPool}, its client-side
 * {@link ClientRateLimiter} (when {@code rate-limit.requests-per-minute} is set), its {@link TokenBudget} (when a
 * token budget is set) and its last call, all consulting the {@link SharedKeyState} of the replicas. One instance
 * per application, shared by the clients, health and the {@code paracle} endpoint.
 *
 * @author paracle-keys
 */
public class KeyPools implements ApplicationListener<ApiKeysRotatedEvent> {

	private final ApiKeyResolver resolver;

	private final KeySelectionStrategy strategy;

	private final KeyPoolListener listener;

	private final Clock clock;

	private final Function<ProviderSettings, @Nullable ClientRateLimiter> limiterFactory;

	private final Map<String, KeyPool> pools = new ConcurrentHashMap<>();

	private final Map<String, ClientRateLimiter> limiters = new ConcurrentHashMap<>();

	private final Map<String, LastCall> lastCalls = new ConcurrentHashMap<>();

	private final Map<String, Optional<TokenBudget>> budgets = new ConcurrentHashMap<>();

	private final SharedKeyState sharedState;

	/**
	 * Create a new instance on the system clock.
	 * @param resolver the key resolver
	 * @param strategy picks keys
	 * @param listener hears what happens to keys
	 */
	public KeyPools(ApiKeyResolver resolver, KeySelectionStrategy strategy, KeyPoolListener listener) {
		this(resolver, strategy, listener, Clock.systemUTC(), KeyPools::systemLimiter);
	}

	/**
	 * Create a new instance on the system clock whose state is shared with other replicas.
	 * @param resolver the key resolver
	 * @param strategy picks keys
	 * @param listener hears what happens to keys
	 * @param sharedState the state shared with other replicas, {@link SharedKeyState#LOCAL} for none
	 */
	public KeyPools(ApiKeyResolver resolver, KeySelectionStrategy strategy, KeyPoolListener listener,
			SharedKeyState sharedState) {
		this(resolver, strategy, listener, Clock.systemUTC(), KeyPools::systemLimiter, sharedState);
	}

	/**
	 * Create a new instance.
	 * @param resolver the key resolver
	 * @param strategy picks keys
	 * @param listener hears what happens to keys
	 * @param clock the time source of cool-downs
	 * @param limiterFactory creates a client-side limiter from the settings, or {@code null} for none
	 */
	public KeyPools(ApiKeyResolver resolver, KeySelectionStrategy strategy, KeyPoolListener listener, Clock clock,
			Function<ProviderSettings, @Nullable ClientRateLimiter> limiterFactory) {
		this(resolver, strategy, listener, clock, limiterFactory, SharedKeyState.LOCAL);
	}

	/**
	 * Create a new instance whose state is shared with other replicas.
	 * @param resolver the key resolver
	 * @param strategy picks keys
	 * @param listener hears what happens to keys
	 * @param clock the time source of cool-downs and budget windows
	 * @param limiterFactory creates a client-side limiter from the settings, or {@code null} for none
	 * @param sharedState the state shared with other replicas, {@link SharedKeyState#LOCAL} for none
	 */
	public KeyPools(ApiKeyResolver resolver, KeySelectionStrategy strategy, KeyPoolListener listener, Clock clock,
			Function<ProviderSettings, @Nullable ClientRateLimiter> limiterFactory, SharedKeyState sharedState) {
		this.sharedState = sharedState;
		this.resolver = resolver;
		this.strategy = strategy;
		this.listener = listener;
		this.clock = clock;
		this.limiterFactory = limiterFactory;
	}

	/**
	 * Return the key pool of a provider configuration.
	 * @param provider the provider configuration name
	 * @return the pool
	 */
	public KeyPool pool(String provider) {
		return this.pools.computeIfAbsent(provider, (name) -> {
			ProviderSettings settings = configuration(name).requiredSettings();
			KeyPool pool = new KeyPool(name, () -> this.resolver.keys(name), this.strategy, this.clock,
					settings.cooldown(), settings.maxCooldown(), this.listener);
			pool.setRejectionProbeInterval(settings.rejectionProbeInterval());
			pool.setSharedState(this.sharedState);
			return pool;
		});
	}

	/**
	 * Forget every cool-down and rejection of every provider configuration now.
	 * @return the fingerprints cleared, by provider configuration name
	 */
	public Map<String, List<String>> clear() {
		Map<String, List<String>> cleared = new java.util.LinkedHashMap<>();
		this.pools.forEach((name, pool) -> cleared.put(name, pool.clear()));
		return cleared;
	}

	/**
	 * Return the client-side rate limiter of a provider configuration, or {@code null} when it has none.
	 * @param provider the provider configuration name
	 * @return the limiter, or {@code null}
	 */
	public @Nullable ClientRateLimiter limiter(String provider) {
		ClientRateLimiter existing = this.limiters.get(provider);
		if (existing != null) {
			return existing;
		}
		ProviderSettings settings = configuration(provider).requiredSettings();
		if (settings.requestsPerMinute() == null) {
			return null;
		}
		return this.limiters.computeIfAbsent(provider, (name) -> {
			ClientRateLimiter limiter = this.limiterFactory.apply(settings);
			if (limiter == null) {
				throw new IllegalStateException("No rate limiter for provider '" + name + "'");
			}
			return limiter.sharedThrough(name, this.sharedState);
		});
	}

	/**
	 * Return the token budget of a provider configuration, or {@code null} when it has none.
	 * @param provider the provider configuration name
	 * @return the budget, or {@code null}
	 */
	public @Nullable TokenBudget budget(String provider) {
		Optional<TokenBudget> existing = this.budgets.get(provider);
		if (existing == null) {
			existing = this.budgets.computeIfAbsent(provider, (name) -> {
				ProviderSettings settings = configuration(name).requiredSettings();
				List<TokenBudget.Limit> limits = TokenBudget.limits(settings.tokensPerMinute(),
						settings.tokensPerDay(), settings.tokensPerMonth());
				return limits.isEmpty() ? Optional.empty()
						: Optional.of(new TokenBudget(name, limits, this.clock, this.sharedState));
			});
		}
		return existing.orElse(null);
	}

	/**
	 * Read what a call attempt needs from the shared state at once (key state, budget counts and a permit of the
	 * request limit), when the store can.
	 * @param provider the provider configuration name
	 * @param keys the current keys, empty for a per-call key
	 * @return the answer, or {@code null} when nothing is shared or the store answers one by one
	 * @see SharedKeyState#admit
	 */
	public SharedKeyState.@Nullable Admission admit(String provider, List<ApiKey> keys) {
		if (this.sharedState == SharedKeyState.LOCAL) {
			return null;
		}
		return this.sharedState.admit(provider, keys, limiter(provider), budget(provider));
	}

	/**
	 * Return the state shared with other replicas.
	 * @return the shared state, {@link SharedKeyState#LOCAL} when nothing is shared
	 */
	public SharedKeyState sharedState() {
		return this.sharedState;
	}

	/**
	 * Return the listener of key events.
	 * @return the listener
	 */
	public KeyPoolListener listener() {
		return this.listener;
	}

	/**
	 * Return the clock.
	 * @return the clock
	 */
	public Clock clock() {
		return this.clock;
	}

	/**
	 * Record the outcome of a call.
	 * @param provider the provider configuration name
	 * @param outcome the outcome
	 * @param status the HTTP status, or {@code null}
	 * @param fingerprint the fingerprint of the key used, or {@code null}
	 */
	public void recordCall(String provider, String outcome, @Nullable Integer status, @Nullable String fingerprint) {
		this.lastCalls.put(provider, new LastCall(outcome, status, this.clock.instant(), fingerprint));
	}

	/**
	 * Return the last call of a provider, or {@code null} when it had none yet.
	 * @param provider the provider configuration name
	 * @return the last call
	 */
	public @Nullable LastCall lastCall(String provider) {
		return this.lastCalls.get(provider);
	}

	@Override
	public void onApplicationEvent(ApiKeysRotatedEvent event) {
		KeyPool pool = this.pools.get(event.getProvider());
		if (pool != null) {
			pool.resetRejections();
		}
	}

	private ProviderConfiguration configuration(String provider) {
		ProviderConfiguration configuration = this.resolver.configurations().get(provider);
		if (configuration == null) {
			throw new IllegalArgumentException("No active provider configuration named '" + provider + "'");
		}
		return configuration;
	}

	private static @Nullable ClientRateLimiter systemLimiter(ProviderSettings settings) {
		Integer perMinute = settings.requestsPerMinute();
		return (perMinute != null) ? ClientRateLimiter.of(perMinute, settings.maxWait()) : null;
	}

	/**
	 * Return a limiter factory on a clock whose waits move the clock instead of sleeping, for tests.
	 * @param clock the clock
	 * @param park what to do for a wait of the given duration
	 * @return the factory
	 */
	public static Function<ProviderSettings, @Nullable ClientRateLimiter> limiters(Clock clock,
			java.util.function.Consumer<Duration> park) {
		return (settings) -> {
			Integer perMinute = settings.requestsPerMinute();
			return (perMinute != null) ? new ClientRateLimiter(perMinute, settings.maxWait(),
					ClientRateLimiter.timeMeter(clock), (nanos) -> park.accept(Duration.ofNanos(nanos))) : null;
		};
	}

}
