package io.paracle.keys.langchain4j;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.langchain4j.http.client.HttpRequest;
import org.jspecify.annotations.Nullable;

/**
 * Sends one attempt of a LangChain4j request for {@link ParacleHttpClient}: with Apache HttpClient 5, through the
 * provider configuration's own client when the application has it ({@link ApacheTransport}), else with the JDK
 * {@code HttpClient} ({@link JdkTransport}). The request goes out with the model's headers except its key header,
 * and the attempt's key in that header.
 *
 * @author paracle-keys
 */
interface LangChain4jTransport {

	/** The longest part of an error answer read for its message. */
	int MAX_ERROR_BYTES = 8 * 1024;

	/**
	 * Return what sends the requests, for logs and tests: {@code apache-httpclient5} or {@code jdk}.
	 * @return the name
	 */
	String name();

	/**
	 * Send a request and read its whole answer: a 2xx answer up to {@code paracle.http.max-response-size}
	 * (larger fails with {@link BoundedBodyHandler.AnswerTooLargeException}), any other up to
	 * {@link #MAX_ERROR_BYTES}.
	 * @param request the model's request
	 * @param uri its URI, checked against the configuration's origin
	 * @param keyHeader the header that carries the key
	 * @param keyValue the header's value with the attempt's key
	 * @param deadlineNanos the {@link System#nanoTime()} by which the answer must have been read
	 * @return the answer
	 * @throws IOException when the request could not be sent or the answer not read
	 */
	Answer exchange(HttpRequest request, URI uri, String keyHeader, String keyValue, long deadlineNanos)
			throws IOException;

	/**
	 * Send a request and return its answer with the body unread: a stream.
	 * @param request the model's request
	 * @param uri its URI, checked against the configuration's origin
	 * @param keyHeader the header that carries the key
	 * @param keyValue the header's value with the attempt's key
	 * @param deadlineNanos the {@link System#nanoTime()} by which the answer's headers must have come
	 * @return the open answer
	 * @throws IOException when the request could not be sent or no answer came
	 */
	OpenAnswer open(HttpRequest request, URI uri, String keyHeader, String keyValue, long deadlineNanos)
			throws IOException;

	/**
	 * Creates the transport of one LangChain4j client.
	 */
	@FunctionalInterface
	interface Factory {

		/**
		 * Create a transport.
		 * @param provider the configuration name
		 * @param connectTimeout the connect timeout
		 * @param readTimeout the read timeout
		 * @param maxResponseBytes the largest 2xx answer read
		 * @return the transport
		 */
		LangChain4jTransport create(String provider, Duration connectTimeout, Duration readTimeout,
				long maxResponseBytes);

	}

	/**
	 * What every answer tells before its body.
	 */
	interface Received {

		/**
		 * Return the status code.
		 * @return the status
		 */
		int status();

		/**
		 * Return the first value of a header, found case-insensitively.
		 * @param name the header name
		 * @return the value, or {@code null}
		 */
		@Nullable String header(String name);

		/**
		 * Return the headers for LangChain4j (which copies them).
		 * @return the headers
		 */
		Map<String, List<String>> headers();

	}

	/**
	 * An answer read to its end.
	 */
	interface Answer extends Received {

		/**
		 * Return the body (cut for an error answer).
		 * @return the body
		 */
		byte[] body();

	}

	/**
	 * An answer whose body is read as it arrives.
	 */
	interface OpenAnswer extends Received {

		/**
		 * Return the body; closing it before its end drops the connection at once.
		 * @return the body
		 * @throws IOException when the body cannot be had
		 */
		InputStream body() throws IOException;

	}

}
