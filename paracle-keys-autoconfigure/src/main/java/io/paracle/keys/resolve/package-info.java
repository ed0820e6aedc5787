/**
 * Where API keys come from: resolution order, key value type, checks and startup failure analysis.
 */
@NullMarked
package io.paracle.keys.resolve;

import org.jspecify.annotations.NullMarked;
