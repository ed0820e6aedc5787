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
	 * Send a request and return its answer open, whatever its status: for a stream, whose body is read as it
	 * arrives, after this returns. The caller ends it with {@link OpenAnswer#close()} or {@link OpenAnswer#abort()}.
	 * @param uriTemplate the path (and query) relative to the base URL, with {@code {name}} variables
	 * @param uriVariables the values of the variables, encoded as path or query parts
	 * @param json the JSON body
	 * @param headers writes the request headers besides {@code Content-Type}
	 * @return the open answer
	 * @throws IOException when the request could not be sent or no answer came (the {@code RestClient} client
	 * throws its {@code ResourceAccessException} instead)
	 */
	OpenAnswer open(String uriTemplate, @Nullable Object[] uriVariables, byte[] json, RequestHeaders headers)
			throws IOException;

	/**
	 * An answer whose body is still being read: a stream.
	 */
	interface OpenAnswer {

		/**
		 * Return the HTTP status code.
		 * @return the status
		 */
		int status();

		/**
		 * Return the first value of a response header.
		 * @param name the header name
		 * @return the value, or {@code null}
		 */
		@Nullable String header(String name);

		/**
		 * Return the body (empty when there is none).
		 * @return the body
		 * @throws IOException when the body cannot be had
		 */
		InputStream body() throws IOException;

		/**
		 * End the exchange after its body was read to its end: the connection is kept for the next request.
		 */
		void close();

		/**
		 * End the exchange at once without reading the rest of its body: the connection is closed. Safe to call
		 * from any thread, while another thread is blocked reading the body (which then fails).
		 */
		void abort();

	}

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
