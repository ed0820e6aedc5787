package io.paracle.keys.provider.client;

import io.paracle.keys.provider.HttpClientType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * {@link StreamingProviderTests} again with {@code paracle.http.client=direct} (Apache HttpClient 5 without
 * {@code RestClient}).
 */
class DirectHttpClientStreamingTests extends StreamingProviderTests {

	@BeforeEach
	void useDirectClient() {
		ProviderFixture.httpClientType = HttpClientType.DIRECT;
	}

	@AfterEach
	void restoreClient() {
		ProviderFixture.httpClientType = HttpClientType.REST_CLIENT;
	}

}
