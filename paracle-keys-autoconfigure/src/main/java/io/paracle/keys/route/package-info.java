/**
 * Routes across provider configurations ({@code paracle.routes.<name>.*}): {@link io.paracle.keys.route.LlmRoute},
 * an {@code LlmProvider} that hands each call to the first member that can take it and falls over to the next one
 * when a member has no usable key, fails with 5xx after its retries, times out or cannot be reached.
 */
@NullMarked
package io.paracle.keys.route;

import org.jspecify.annotations.NullMarked;
