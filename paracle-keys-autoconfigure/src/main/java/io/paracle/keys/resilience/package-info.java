/**
 * Calls that survive 429s and bad keys: several keys per provider with cool-downs and rejections, key selection
 * strategies, client-side rate limits and retries.
 */
@NullMarked
package io.paracle.keys.resilience;

import org.jspecify.annotations.NullMarked;
