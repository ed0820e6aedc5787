package io.paracle.keys.resilience;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * The outcome of the last call to a provider, for health and the {@code paracle} endpoint.
 *
 * @param outcome the outcome ({@code success}, {@code auth_error}, ...)
 * @param status the HTTP status, or {@code null}
 * @param at when it ended
 * @param fingerprint the fingerprint of the key used, or {@code null}
 * @author paracle-keys
 */
public record LastCall(String outcome, @Nullable Integer status, Instant at, @Nullable String fingerprint) {

}
