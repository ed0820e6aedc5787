package io.paracle.keys.provider.client;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.paracle.keys.catalog.ProviderCatalog;
import io.paracle.keys.metrics.ApiCallTracker;
import io.paracle.keys.provider.LlmProvider;
import io.paracle.keys.testsupport.FakeProviderServer;
import org.junit.jupiter.api.Test;

import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The guide: never expose keys in URLs or query parameters. Every call of every provider, with a canary key:
 * the key is in its header and nowhere in a URL or a body.
 */
class KeyNeverInUrlTests {

	private static final String CANARY = "sk-test-canary-0001";

	@Test
	void noRequestOfAnyProviderCarriesTheKeyInItsUrlOrBody() {
		WireMockServer server = FakeProviderServer.reset();
		// one answer every wire format reads as an answer (each ignores the others' fields)
		server.stubFor(any(anyUrl()).willReturn(okJson("{\"choices\":[{\"message\":{\"content\":\"ok\"}}],"
				+ "\"content\":[],\"candidates\":[{\"content\":{\"parts\":[]}}],\"message\":{\"content\":[]},"
				+ "\"output\":{\"message\":{\"role\":\"assistant\",\"content\":[]}},\"data\":[]}")));
		for (ProviderFixture fixture : ProviderFixture.ALL) {
			LlmProvider provider = fixture.factory(ApiCallTracker.NOOP, CANARY).create(fixture.id());
			provider.chat("Hello");
			if (!ProviderCatalog.BEDROCK.equals(fixture.id())) {
				provider.listModels();
			}
			provider.verifyKey();
		}
		List<LoggedRequest> requests = server.getAllServeEvents().stream().map(ServeEvent::getRequest).toList();
		assertThat(requests).hasSize(13 * 3 + 2);
		for (LoggedRequest request : requests) {
			assertThat(request.getUrl()).doesNotContain(CANARY).doesNotContain("canary");
			assertThat(request.getAbsoluteUrl()).doesNotContain(CANARY);
			assertThat(request.getBodyAsString()).doesNotContain(CANARY);
			assertThat(request.getQueryParams()).doesNotContainKey("key");
		}
		Map<String, Long> carriers = requests.stream()
			.flatMap((request) -> request.getHeaders().all().stream())
			.filter((header) -> header.values().stream().anyMatch((value) -> value.contains(CANARY)))
			.collect(Collectors.groupingBy((header) -> header.key().toLowerCase(), Collectors.counting()));
		assertThat(carriers).containsOnly(Map.entry("authorization", 10L * 3), Map.entry("x-api-key", 3L),
				Map.entry("x-goog-api-key", 3L), Map.entry("api-key", 3L));
	}

}
