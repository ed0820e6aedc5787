/**
 * The provider catalog: the 14 providers as data ({@link io.paracle.keys.catalog.ProviderCatalog}), each with its
 * conventional variables, base URL, default model, key transport and wire format. The bottom of the module: it
 * imports nothing else of paracle-keys, and everything else may import it.
 */
@NullMarked
package io.paracle.keys.catalog;

import org.jspecify.annotations.NullMarked;
