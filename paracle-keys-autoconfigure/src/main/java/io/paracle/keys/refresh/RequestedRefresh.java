package io.paracle.keys.refresh;

import java.time.Instant;
import java.util.List;

import org.springframework.util.Assert;

/**
 * What a re-read an operator asked for ({@link KeyRefresher#refreshOnRequest()}, {@code POST /actuator/paracle})
 * answered: whether a re-read served the request (its own, or one already in flight that it joined) or not (asked
 * again within the minimum interval of the last one: the sources were not read), the provider configurations
 * whose keys that re-read changed (none when nothing was read), when the last re-read happened and when the next
 * one may.
 *
 * @param changed the provider configurations whose keys the re-read changed; empty when nothing was read
 * @param reRead whether a re-read served the request ({@code false}: nothing was read)
 * @param readAt when the last re-read ended (the one that served the request, when one did)
 * @param nextReadAt the earliest time a request re-reads the sources again
 * @author paracle-keys
 */
public record RequestedRefresh(List<String> changed, boolean reRead, Instant readAt, Instant nextReadAt) {

	/**
	 * Create a new result.
	 * @param changed the provider configurations whose keys changed
	 * @param reRead whether a re-read served the request
	 * @param readAt when the last re-read ended
	 * @param nextReadAt the earliest time of the next re-read
	 */
	public RequestedRefresh {
		Assert.notNull(changed, "changed must not be null");
		Assert.notNull(readAt, "readAt must not be null");
		Assert.notNull(nextReadAt, "nextReadAt must not be null");
		changed = List.copyOf(changed);
	}

	/**
	 * Return the answer to a request that came too soon after this re-read: nothing read, nothing changed.
	 * @return the result with {@link #reRead()} {@code false}, no change, and this re-read's times
	 */
	RequestedRefresh notReadAgain() {
		return new RequestedRefresh(List.of(), false, this.readAt, this.nextReadAt);
	}

}
