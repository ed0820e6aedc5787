package io.paracle.keys.resilience;

import java.time.Clock;
import java.time.Duration;

import io.github.bucket4j.BlockingStrategy;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.TimeMeter;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * A client-side request limit ({@code paracle.providers.<id>.rate-limit.requests-per-minute}): a Bucket4j bucket
 * with a fixed one-minute window. A call waits for a permit up to {@code max-wait}; when the window cannot
 * grant one within that time it fails at once instead of waiting in vain — never an unbounded wait. With a
 * {@link SharedKeyState} the permits are shared by every replica; whenever the store cannot answer, this
 * replica's own bucket decides.
 *
 * @author paracle-keys
 */
public final class ClientRateLimiter {

	private static final Duration WINDOW = Duration.ofMinutes(1);

	private final long requestsPerMinute;

	private final Duration maxWait;

	private final Bucket bucket;

	private final TimeMeter timeMeter;

	private final BlockingStrategy blocking;

	private final String provider;

	private final SharedKeyState sharedState;

	/**
	 * Create a limiter on a given time source.
	 * @param requestsPerMinute permits per one-minute window
	 * @param maxWait longest time a call waits for a permit
	 * @param timeMeter the time source of the windows
	 * @param blocking how a call waits
	 */
	public ClientRateLimiter(long requestsPerMinute, Duration maxWait, TimeMeter timeMeter, BlockingStrategy blocking) {
		Assert.isTrue(requestsPerMinute > 0, "requestsPerMinute must be positive");
		Assert.isTrue(!maxWait.isNegative(), "maxWait must not be negative");
		this.requestsPerMinute = requestsPerMinute;
		this.maxWait = maxWait;
		this.timeMeter = timeMeter;
		this.blocking = blocking;
		this.bucket = Bucket.builder()
			.addLimit((limit) -> limit.capacity(requestsPerMinute).refillIntervally(requestsPerMinute, WINDOW))
			.withCustomTimePrecision(timeMeter)
			.build();
		this.provider = "";
		this.sharedState = SharedKeyState.LOCAL;
	}

	private ClientRateLimiter(ClientRateLimiter local, String provider, SharedKeyState sharedState) {
		this.requestsPerMinute = local.requestsPerMinute;
		this.maxWait = local.maxWait;
		this.timeMeter = local.timeMeter;
		this.blocking = local.blocking;
		this.bucket = local.bucket;
		this.provider = provider;
		this.sharedState = sharedState;
	}

	/**
	 * Return a limiter whose permits come from the shared state first, with this limiter's bucket as the
	 * fallback.
	 * @param provider the provider configuration name
	 * @param sharedState the shared state
	 * @return the limiter, this one when nothing is shared
	 */
	public ClientRateLimiter sharedThrough(String provider, SharedKeyState sharedState) {
		return (sharedState != SharedKeyState.LOCAL) ? new ClientRateLimiter(this, provider, sharedState) : this;
	}

	/**
	 * Create a limiter on the system clock.
	 * @param requestsPerMinute permits per one-minute window
	 * @param maxWait longest time a call waits for a permit
	 * @return the limiter
	 */
	public static ClientRateLimiter of(long requestsPerMinute, Duration maxWait) {
		return new ClientRateLimiter(requestsPerMinute, maxWait, TimeMeter.SYSTEM_NANOTIME, BlockingStrategy.PARKING);
	}

	/**
	 * Create a time source from a clock, for tests.
	 * @param clock the clock
	 * @return the time source
	 */
	public static TimeMeter timeMeter(Clock clock) {
		return new TimeMeter() {

			@Override
			public long currentTimeNanos() {
				return clock.millis() * 1_000_000L;
			}

			@Override
			public boolean isWallClockBased() {
				return true;
			}

		};
	}

	/**
	 * Wait for a permit, at most {@code max-wait}; a {@code max-wait} of zero means "do not wait": a permit now or
	 * none.
	 * @return how long the call waited, or {@code null} when no permit could be had within {@code max-wait}
	 * @throws InterruptedException when the waiting thread is interrupted
	 */
	public @Nullable Duration acquire() throws InterruptedException {
		Duration shared = this.sharedState.acquire(this.provider, this.requestsPerMinute, this.maxWait);
		if (shared != null) {
			return (shared != SharedKeyState.NO_PERMIT) ? shared : null;
		}
		if (this.bucket.tryConsume(1)) {
			// a permit now: no wait (and no Duration to allocate on the common path)
			return Duration.ZERO;
		}
		if (this.maxWait.isZero()) {
			// Bucket4j's blocking API refuses a zero wait
			return null;
		}
		long start = this.timeMeter.currentTimeNanos();
		if (!this.bucket.asBlocking().tryConsume(1, this.maxWait, this.blocking)) {
			return null;
		}
		return Duration.ofNanos(Math.max(0, this.timeMeter.currentTimeNanos() - start));
	}

	/**
	 * Wait for a permit, with the shared permit already taken for this call when there is one.
	 * @param admission the shared state read for this call ({@link SharedKeyState#admit}), or {@code null}
	 * @return how long the call waited, or {@code null} when no permit could be had within {@code max-wait}
	 * @throws InterruptedException when the waiting thread is interrupted
	 */
	public @Nullable Duration acquire(SharedKeyState.@Nullable Admission admission) throws InterruptedException {
		Duration permit = (admission != null) ? admission.permit() : null;
		if (permit == null) {
			return acquire();
		}
		if (permit == SharedKeyState.NO_PERMIT) {
			return null;
		}
		if (!permit.isZero()) {
			this.blocking.park(permit.toNanos());
		}
		return permit;
	}

	/**
	 * Return how long until a permit becomes available (zero when one is available now).
	 * @return the time to wait
	 */
	public Duration timeToPermit() {
		long nanos = this.bucket.estimateAbilityToConsume(1).getNanosToWaitForRefill();
		return Duration.ofNanos(Math.max(0, nanos));
	}

	/**
	 * Return the configured permits per minute.
	 * @return the limit
	 */
	public long getRequestsPerMinute() {
		return this.requestsPerMinute;
	}

	/**
	 * Return the longest time a call waits for a permit.
	 * @return the maximum wait
	 */
	public Duration getMaxWait() {
		return this.maxWait;
	}

	/**
	 * Return the permits left in the current window.
	 * @return the available permits
	 */
	public long availablePermits() {
		return this.bucket.getAvailableTokens();
	}

}
