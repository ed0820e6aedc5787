/**
 * Micrometer meters and observations of provider calls.
 */
@NullMarked
package io.paracle.keys.metrics;

import org.jspecify.annotations.NullMarked;
