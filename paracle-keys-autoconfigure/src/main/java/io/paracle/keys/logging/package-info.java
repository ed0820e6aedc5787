/**
 * Keeps keys out of log output: a redactor that replaces key values and key-shaped strings with fingerprints,
 * and its installation into Logback.
 */
@NullMarked
package io.paracle.keys.logging;

import org.jspecify.annotations.NullMarked;
