/**
 * Spring AI on paracle-keys: Spring AI's own OpenAI, Anthropic and Google GenAI (Gemini) chat models take their
 * key per request from paracle's key pool (an OkHttp interceptor running each HTTP exchange through the
 * configuration's call pipeline), and one named Spring AI chat model bean per paracle configuration.
 */
@NullMarked
package io.paracle.keys.springai;

import org.jspecify.annotations.NullMarked;
