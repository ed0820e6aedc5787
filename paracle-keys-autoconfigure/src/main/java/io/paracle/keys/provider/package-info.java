/**
 * The API of the provider clients: {@link io.paracle.keys.provider.LlmProvider}, its request and response types,
 * the {@link io.paracle.keys.provider.LlmProviders} registry and the exceptions of provider calls. The typed
 * clients are in {@code io.paracle.keys.provider.client}; the catalog is in {@code io.paracle.keys.catalog}.
 */
@NullMarked
package io.paracle.keys.provider;

import org.jspecify.annotations.NullMarked;
