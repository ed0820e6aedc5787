package io.paracle.keys.resilience;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import io.paracle.keys.resolve.ApiKeyResolver;
import io.paracle.keys.testsupport.MutableClock;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

/**
 * What the resilience tests share: chat answers stubbed per key on the fake OpenAI server, requests counted per
 * key, and key pools on a test's {@link MutableClock} (handed over as a {@link PoolClock} bean, so that nothing else
 * in the context runs on it).
 */
final class ChatStubs {

	static final String CHAT = "/v1/chat/completions";

	private ChatStubs() {
	}

	static void answer(WireMockServer server, String key, ResponseDefinitionBuilder response) {
		server.stubFor(post(urlEqualTo(CHAT)).withHeader("Authorization", equalTo("Bearer " + key)).willReturn(response));
	}

	static int requestsWith(WireMockServer server, String key) {
		return server.findAll(postRequestedFor(urlEqualTo(CHAT)).withHeader("Authorization", equalTo("Bearer " + key)))
			.size();
	}

	/**
	 * The clock of the key pools of a test.
	 *
	 * @param clock the clock
	 */
	record PoolClock(MutableClock clock) {

	}

	/**
	 * Key pools, cool-downs and the client-side limit on the test's {@link PoolClock}: a wait for a
	 * permit moves the clock instead of sleeping.
	 */
	@Configuration(proxyBeanMethods = false)
	static class ClockKeyPoolsConfiguration {

		@Bean
		KeyPools keyPools(ApiKeyResolver resolver, KeySelectionStrategy strategy,
				ObjectProvider<KeyPoolListener> listeners, PoolClock poolClock) {
			MutableClock clock = poolClock.clock();
			return new KeyPools(resolver, strategy, KeyPoolListener.composite(listeners.orderedStream().toList()),
					clock, KeyPools.limiters(clock, clock::advance));
		}

	}

}
