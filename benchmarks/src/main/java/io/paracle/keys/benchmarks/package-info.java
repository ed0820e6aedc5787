/**
 * JMH benchmarks of one OpenAI-style chat call through raw HTTP clients, every Spring
 * {@code RestClient} transport, Spring AI and LangChain4j, all against
 * {@link io.paracle.keys.benchmarks.StubLlmServer} running in its own JVM.
 */
package io.paracle.keys.benchmarks;
