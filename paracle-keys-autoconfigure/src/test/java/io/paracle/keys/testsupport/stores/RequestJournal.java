package io.paracle.keys.testsupport.stores;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Predicate;

/**
 * Thread-safe record of the requests a fake secret store received, so tests can assert
 * which calls a client made. Requests are kept in arrival order until {@link #reset()}.
 */
public final class RequestJournal {

	private final ConcurrentLinkedQueue<RecordedRequest> requests = new ConcurrentLinkedQueue<>();

	void record(RecordedRequest request) {
		this.requests.add(request);
	}

	/**
	 * Return every recorded request in arrival order.
	 * @return an immutable snapshot
	 */
	public List<RecordedRequest> requests() {
		return List.copyOf(this.requests);
	}

	/**
	 * Count the requests made to a path, whatever the method and query.
	 * @param path the exact request path, for example {@code /v1/secret/data/paracle}
	 * @return the number of requests
	 */
	public int count(String path) {
		return count((request) -> request.path().equals(path));
	}

	/**
	 * Count the requests that match a condition.
	 * @param condition the condition
	 * @return the number of matching requests
	 */
	public int count(Predicate<RecordedRequest> condition) {
		return (int) this.requests.stream().filter(condition).count();
	}

	/**
	 * Return the total number of recorded requests.
	 * @return the number of requests
	 */
	public int size() {
		return this.requests.size();
	}

	/**
	 * Return the last request made to a path.
	 * @param path the exact request path
	 * @return the request, or {@code null} when that path was never called
	 */
	public RecordedRequest last(String path) {
		return last((request) -> request.path().equals(path));
	}

	/**
	 * Return the last request that matches a condition.
	 * @param condition the condition
	 * @return the request, or {@code null} when none matched
	 */
	public RecordedRequest last(Predicate<RecordedRequest> condition) {
		RecordedRequest found = null;
		for (RecordedRequest request : this.requests) {
			if (condition.test(request)) {
				found = request;
			}
		}
		return found;
	}

	/**
	 * Return the headers of the last request made to a path.
	 * @param path the exact request path
	 * @return the headers (case-insensitive keys), empty when that path was never called
	 */
	public Map<String, List<String>> lastHeaders(String path) {
		RecordedRequest request = last(path);
		return (request != null) ? request.headers() : Map.of();
	}

	/**
	 * Forget every recorded request.
	 */
	public void reset() {
		this.requests.clear();
	}

}
