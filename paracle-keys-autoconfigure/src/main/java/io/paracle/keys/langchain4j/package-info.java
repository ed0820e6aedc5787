/**
 * LangChain4j on paracle-keys: {@code ChatModel} and {@code StreamingChatModel} beans per provider configuration,
 * and the {@code HttpClientBuilder} that puts the key paracle's pool picks on every request of a LangChain4j model.
 */
@NullMarked
package io.paracle.keys.langchain4j;

import org.jspecify.annotations.NullMarked;
