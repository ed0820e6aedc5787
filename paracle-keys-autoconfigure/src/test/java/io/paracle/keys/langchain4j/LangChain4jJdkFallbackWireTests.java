package io.paracle.keys.langchain4j;

import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * The wire tests again in an application without Apache HttpClient 5: paracle's LangChain4j client falls back to
 * the JDK {@code HttpClient}, with the same headers, failover, measurements and errors.
 */
class LangChain4jJdkFallbackWireTests extends LangChain4jWireTests {

	@Override
	ApplicationContextRunner onTransport(ApplicationContextRunner runner) {
		return runner.withClassLoader(new FilteredClassLoader("org.apache.hc.client5"));
	}

	@Override
	String expectedTransport() {
		return "jdk";
	}

}
