package io.paracle.keys.route;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

import io.paracle.keys.provider.LlmProviderException;
import io.paracle.keys.provider.ProviderUnavailableException;

/**
 * No member of a route could take the call. The message lists each member with why it could not (its
 * {@link FallbackReason} and its own message, which names key fingerprints only); {@link #getFailures()} holds
 * what each member threw, also attached as suppressed exceptions.
 *
 * @author paracle-keys
 */
public class RouteUnavailableException extends ProviderUnavailableException {

	private final Map<String, RuntimeException> failures;

	/**
	 * Create a new instance.
	 * @param route the route name
	 * @param failures what each member threw, in route order
	 */
	public RouteUnavailableException(String route, Map<String, ? extends RuntimeException> failures) {
		super(route, 0, message(route, failures), null);
		this.failures = Collections.unmodifiableMap(new LinkedHashMap<>(failures));
		failures.values().forEach(this::addSuppressed);
	}

	private static String message(String route, Map<String, ? extends RuntimeException> failures) {
		StringBuilder message = new StringBuilder("No member of route '").append(route)
			.append("' could take the call (paracle.routes.")
			.append(route)
			.append(".providers=")
			.append(String.join(",", failures.keySet()))
			.append("):");
		failures.forEach((member, ex) -> {
			FallbackReason reason = FallbackReason.of(ex);
			message.append(" [").append(member).append(": ").append((reason != null) ? reason.tagValue() : "failed");
			if (ex instanceof LlmProviderException provider && provider.hasStatusCode()) {
				message.append(", HTTP ").append(provider.getStatusCode());
			}
			message.append("] ").append(ex.getMessage());
		});
		return message.toString();
	}

	/**
	 * Return what each member threw, by configuration name, in route order.
	 * @return the failures
	 */
	public Map<String, RuntimeException> getFailures() {
		return this.failures;
	}

}
