package io.paracle.keys.provider.client;

import java.io.IOException;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;

/**
 * Sends a provider's requests through its Spring {@link RestClient} (built on the first call, see
 * {@link LlmProviderFactory}), so that Boot's builder, its customizers and the {@code http.client.requests}
 * observation apply.
 *
 * @author paracle-keys
 */
final class RestClientProviderHttpClient implements ProviderHttpClient {

	private final Supplier<RestClient> restClient;

	RestClientProviderHttpClient(Supplier<RestClient> restClient) {
		this.restClient = restClient;
	}

	@Override
	public <T> T exchange(HttpMethod method, String uriTemplate, @Nullable Object[] uriVariables,
			byte @Nullable [] json, RequestHeaders headers, AnswerReader<T> reader) throws IOException {
		RestClient.RequestBodySpec spec = this.restClient.get().method(method).uri(uriTemplate, uriVariables);
		if (json != null) {
			spec.contentType(MediaType.APPLICATION_JSON).body(json);
		}
		return spec.headers((httpHeaders) -> headers.writeTo(httpHeaders::set))
			.exchange((request, response) -> reader.read(response.getStatusCode().value(),
					response.getHeaders()::getFirst, response.getBody()));
	}

}
