package io.paracle.keys.resilience;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * What a provider's key pool knows about one key: when it may be used again after a 429, whether the provider
 * rejected it, and the provider's last word on its rate limits.
 *
 * @param fingerprint the key fingerprint
 * @param coolingUntil when the key may be used again, or {@code null} when it is not cooling down
 * @param rejected whether the provider refused the key (401/403)
 * @param remainingRequests requests left in the provider's window, or {@code null} when unknown
 * @param remainingTokens tokens left in the provider's window, or {@code null} when unknown
 * @author paracle-keys
 */
public record KeyState(String fingerprint, @Nullable Instant coolingUntil, boolean rejected,
		@Nullable Long remainingRequests, @Nullable Long remainingTokens) {

	/**
	 * Return whether the key may be used at the given time.
	 * @param now the time
	 * @return whether it is usable
	 */
	public boolean usableAt(Instant now) {
		return !this.rejected && (this.coolingUntil == null || !now.isBefore(this.coolingUntil));
	}

}
