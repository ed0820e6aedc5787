/**
 * Re-reading keys without a restart, in one place: the {@link io.paracle.keys.refresh.KeyRefresher} that every
 * trigger calls (the schedule, a provider's 401/403, the {@code paracle} endpoint), composed of one
 * {@link io.paracle.keys.refresh.KeySourceReload} per backend that needs one and the resolver, and the one
 * schedule ({@link io.paracle.keys.refresh.KeyRefreshSchedule}).
 */
@NullMarked
package io.paracle.keys.refresh;

import org.jspecify.annotations.NullMarked;
