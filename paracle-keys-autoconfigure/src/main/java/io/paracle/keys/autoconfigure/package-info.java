/**
 * Auto-configuration of paracle-keys.
 */
@NullMarked
package io.paracle.keys.autoconfigure;

import org.jspecify.annotations.NullMarked;
