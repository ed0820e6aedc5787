package io.paracle.keys.actuate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

/**
 * Live verification of provider keys for health checks ({@code paracle.health.verify-keys=true}): calls the
 * provider at most once per {@code paracle.health.verify-interval} and serves the cached result in between, so
 * health probes never hammer a provider.
 *
 * @author paracle-keys
 */
class KeyVerifier {

	private final Function<String, Result> verification;

	private final Duration interval;

	private final Clock clock;

	private final Map<String, Result> cache = new ConcurrentHashMap<>();

	/**
	 * Create a new verifier.
	 * @param verification the live check of a provider by configuration name
	 * @param interval minimum time between two live checks of one provider
	 * @param clock the clock
	 */
	public KeyVerifier(Function<String, Result> verification, Duration interval, Clock clock) {
		this.verification = verification;
		this.interval = interval;
		this.clock = clock;
	}

	/**
	 * Return the verification of a provider's key, live when the cached one is older than the interval.
	 * @param provider the provider configuration name
	 * @return the result
	 */
	public Result verify(String provider) {
		Instant now = this.clock.instant();
		return this.cache.compute(provider, (name, cached) -> {
			if (cached != null && now.isBefore(cached.checkedAt().plus(this.interval))) {
				return cached;
			}
			Result fresh = this.verification.apply(name);
			return new Result(fresh.outcome(), fresh.status(), now);
		});
	}

	/**
	 * The outcome of one live verification.
	 *
	 * @param outcome {@code valid}, {@code invalid} or {@code unreachable}
	 * @param status the HTTP status, or {@code null}
	 * @param checkedAt when the provider was called
	 */
	public record Result(String outcome, @Nullable Integer status, Instant checkedAt) {

		/**
		 * Return whether the provider rejected the key.
		 * @return whether the key is invalid
		 */
		public boolean invalid() {
			return "invalid".equals(this.outcome);
		}

		Map<String, Object> toDetails() {
			Map<String, Object> details = new LinkedHashMap<>();
			details.put("outcome", this.outcome);
			if (this.status != null) {
				details.put("status", this.status);
			}
			details.put("checkedAt", this.checkedAt.toString());
			return details;
		}

	}

}
