package io.paracle.keys.testsupport.stores;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One HTTP request as a fake secret store received it.
 *
 * @param method the HTTP method, upper case
 * @param path the decoded request path, without the query string
 * @param query the raw query string, or {@code null} when there is none
 * @param headers the request headers, looked up case-insensitively
 * @param body the request body as UTF-8 text, empty when there is none
 */
public record RecordedRequest(String method, String path, String query, Map<String, List<String>> headers,
		String body) {

	public RecordedRequest {
		Map<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
		headers.forEach((name, values) -> copy.put(name, List.copyOf(values)));
		headers = Collections.unmodifiableMap(copy);
		body = (body != null) ? body : "";
	}

	/**
	 * Return the first value of a header.
	 * @param name the header name, any case
	 * @return the first value, or {@code null} when the header is absent
	 */
	public String header(String name) {
		List<String> values = this.headers.get(name);
		return (values == null || values.isEmpty()) ? null : values.get(0);
	}

	/**
	 * Return the value of a query parameter, without URL decoding.
	 * @param name the parameter name
	 * @return the value, or {@code null} when the parameter is absent
	 */
	public String queryParameter(String name) {
		if (this.query == null) {
			return null;
		}
		for (String pair : this.query.split("&")) {
			int equals = pair.indexOf('=');
			String key = (equals >= 0) ? pair.substring(0, equals) : pair;
			if (key.equals(name)) {
				return (equals >= 0) ? pair.substring(equals + 1) : "";
			}
		}
		return null;
	}

}
