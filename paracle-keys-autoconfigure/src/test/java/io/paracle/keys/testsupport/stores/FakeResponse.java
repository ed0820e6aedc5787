package io.paracle.keys.testsupport.stores;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The reply a fake secret store sends for one request.
 *
 * @param status the HTTP status code
 * @param headers extra response headers (the content type included)
 * @param body the body as UTF-8 text, empty for none
 */
public record FakeResponse(int status, Map<String, String> headers, String body) {

	public FakeResponse {
		headers = Map.copyOf(headers);
		body = (body != null) ? body : "";
	}

	/**
	 * A reply with a JSON body.
	 * @param status the HTTP status code
	 * @param contentType the content type to announce
	 * @param json the JSON text
	 * @return the reply
	 */
	public static FakeResponse json(int status, String contentType, String json) {
		return new FakeResponse(status, Map.of("Content-Type", contentType), json);
	}

	/**
	 * A reply with a JSON body sent as {@code application/json}.
	 * @param status the HTTP status code
	 * @param json the JSON text
	 * @return the reply
	 */
	public static FakeResponse json(int status, String json) {
		return json(status, "application/json; charset=utf-8", json);
	}

	/**
	 * Return a copy of this reply with one more header.
	 * @param name the header name
	 * @param value the header value
	 * @return a new reply
	 */
	public FakeResponse withHeader(String name, String value) {
		Map<String, String> merged = new LinkedHashMap<>(this.headers);
		merged.put(name, value);
		return new FakeResponse(this.status, merged, this.body);
	}

}
