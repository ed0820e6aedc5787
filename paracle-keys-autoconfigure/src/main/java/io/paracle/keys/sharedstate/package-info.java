/**
 * State shared by the replicas of an application ({@code paracle.shared-state.store=redis}): key cool-downs and
 * rejections, the client-side request limit, token budgets (read and taken in one script per call) and the
 * broadcast that a re-read found new keys, in the application's own Redis (Spring Data Redis, Lettuce). Implements the
 * {@code SharedKeyState} of {@code io.paracle.keys.resilience}; Redis never fails a call.
 */
@NullMarked
package io.paracle.keys.sharedstate;

import org.jspecify.annotations.NullMarked;
