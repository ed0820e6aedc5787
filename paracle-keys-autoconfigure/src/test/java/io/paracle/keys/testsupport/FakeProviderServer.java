package io.paracle.keys.testsupport;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;

/**
 * One WireMock server on 127.0.0.1 (dynamic port) shared by every test class of the JVM: starting Jetty once
 * keeps the suite fast. Tests call {@link #reset()} before each test.
 */
public final class FakeProviderServer {

	private static WireMockServer server;

	private FakeProviderServer() {
	}

	/**
	 * Return the started server.
	 * @return the server
	 */
	public static synchronized WireMockServer get() {
		if (server == null) {
			server = new WireMockServer(WireMockConfiguration.options()
				.bindAddress("127.0.0.1")
				.dynamicPort()
				.containerThreads(16)
				.jettyStopTimeout(0L));
			server.start();
			Runtime.getRuntime().addShutdownHook(new Thread(server::stop));
		}
		return server;
	}

	/**
	 * Return the server with its stubs and request journal cleared.
	 * @return the server
	 */
	public static WireMockServer reset() {
		WireMockServer server = get();
		server.resetAll();
		return server;
	}

	/**
	 * Return the base URL of the server, {@code http://127.0.0.1:<port>}.
	 * @return the base URL
	 */
	public static String baseUrl() {
		return "http://127.0.0.1:" + get().port();
	}

}
