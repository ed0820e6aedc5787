/**
 * The provider catalog, the typed provider clients and their request and response types.
 */
@NullMarked
package io.paracle.keys.provider;

import org.jspecify.annotations.NullMarked;
