package io.paracle.keys.route;

/**
 * Told when a route moves a call from one member to the next; the Micrometer implementation counts
 * {@code paracle.route.fallbacks}. Called on the caller's thread: implementations must be quick and thread-safe.
 *
 * @author paracle-keys
 */
@FunctionalInterface
public interface RouteListener {

	/** A listener that does nothing. */
	RouteListener NONE = (route, from, to, reason) -> {
	};

	/**
	 * A call moved on from one member to the next.
	 * @param route the route name
	 * @param from the member that could not take the call
	 * @param to the member the call moves to
	 * @param reason why
	 */
	void onFallback(String route, String from, String to, FallbackReason reason);

}
