package io.paracle.keys.provider.client;

import java.io.IOException;
import java.io.InputStream;
import java.util.function.BiConsumer;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpMethod;

/**
 * Sends the HTTP requests of one provider configuration and hands each answer to a reader: through a Spring
 * {@code RestClient} ({@link RestClientProviderHttpClient}, the default) or Apache HttpClient 5 directly
 * ({@link DirectProviderHttpClient}). The wire formats do not know which.
 *
 * @author paracle-keys
 */
interface ProviderHttpClient {

	/**
	 * Send a request and read its answer, whatever its status.
	 * @param <T> what the reader makes of the answer
	 * @param method the method
	 * @param uriTemplate the path (and query) relative to the base URL, with {@code {name}} variables
	 * @param uriVariables the values of the variables, encoded as path or query parts
	 * @param json the JSON body, or {@code null} for none
	 * @param headers writes the request headers besides {@code Content-Type}
	 * @param reader reads the answer
	 * @return what the reader returned
	 * @throws IOException when the request could not be sent or the answer not read (the
	 * {@code RestClient} client throws its {@code ResourceAccessException} instead)
	 */
	<T> T exchange(HttpMethod method, String uriTemplate, @Nullable Object[] uriVariables, byte @Nullable [] json,
			RequestHeaders headers, AnswerReader<T> reader) throws IOException;

	/**
	 * Writes the headers of one request.
	 */
	@FunctionalInterface
	interface RequestHeaders {

		void writeTo(BiConsumer<String, String> header);

	}

	/**
	 * Reads one answer.
	 *
	 * @param <T> the result
	 */
	@FunctionalInterface
	interface AnswerReader<T> {

		/**
		 * Read an answer.
		 * @param status the HTTP status code
		 * @param headers the first value of a response header by name, or {@code null}
		 * @param body the body (empty when there is none); closed by the caller
		 * @return the result
		 * @throws IOException when the body cannot be read
		 */
		T read(int status, Function<String, @Nullable String> headers, InputStream body) throws IOException;

	}

}
