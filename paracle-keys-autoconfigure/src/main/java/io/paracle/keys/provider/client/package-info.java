/**
 * The typed provider clients ({@link io.paracle.keys.provider.client.OpenAiProvider} and the other 13), the
 * wire formats they share, and the {@link io.paracle.keys.provider.client.LlmProviderFactory} that creates them
 * from provider configurations.
 */
@NullMarked
package io.paracle.keys.provider.client;

import org.jspecify.annotations.NullMarked;
