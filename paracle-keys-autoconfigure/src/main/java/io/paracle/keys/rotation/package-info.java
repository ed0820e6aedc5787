/**
 * Key age and rotation: when keys were made and when they are due for rotation. Re-reading keys without a
 * restart is in {@code io.paracle.keys.refresh}.
 */
@NullMarked
package io.paracle.keys.rotation;

import org.jspecify.annotations.NullMarked;
