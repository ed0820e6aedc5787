/**
 * Key age and rotation: when keys were made, when they are due for rotation, and re-reading keys without a
 * restart.
 */
@NullMarked
package io.paracle.keys.rotation;

import org.jspecify.annotations.NullMarked;
