/**
 * Actuator integration: the {@code paracle} health contributor and endpoint, audit events for secret access,
 * and masking of keys in {@code /actuator/env} and {@code /actuator/configprops}.
 */
@NullMarked
package io.paracle.keys.actuate;

import org.jspecify.annotations.NullMarked;
