/**
 * Configuration properties of paracle-keys.
 */
@NullMarked
package io.paracle.keys.config;

import org.jspecify.annotations.NullMarked;
