/**
 * JMH benchmarks of one OpenAI-style chat call through raw HTTP clients, every Spring
 * {@code RestClient} transport, Spring AI, LangChain4j and paracle-keys itself, all against
 * {@link io.paracle.keys.benchmarks.StubLlmServer} running in its own JVM; the pieces of the
 * starter's hot path ({@link io.paracle.keys.benchmarks.HotPathBenchmark}); and its startup
 * time and heap ({@link io.paracle.keys.benchmarks.StartupFootprint}). Results: BENCHMARKS.md.
 */
package io.paracle.keys.benchmarks;
