package io.paracle.keys.refresh;

import java.time.Instant;
import java.util.List;

import org.springframework.util.Assert;

/**
 * What a re-read an operator asked for ({@link KeyRefresher#refreshOnRequest()}, {@code POST /actuator/paracle})
 * answered: the provider configurations whose keys changed in the re-read that served the request, whether the
 * request was served by a re-read (its own, or one already in flight that it joined) or by the last one (asked
 * again within the minimum interval: the sources were not read), when that re-read happened and when the next
 * one may.
 *
 * @param changed the provider configurations whose keys changed in the re-read that served the request
 * @param reRead whether a re-read served the request ({@code false}: the last one's result, nothing read)
 * @param readAt when the re-read that served the request ended
 * @param nextReadAt the earliest time a request re-reads the sources again
 * @author paracle-keys
 */
public record RequestedRefresh(List<String> changed, boolean reRead, Instant readAt, Instant nextReadAt) {

	/**
	 * Create a new result.
	 * @param changed the provider configurations whose keys changed
	 * @param reRead whether a re-read served the request
	 * @param readAt when that re-read ended
	 * @param nextReadAt the earliest time of the next re-read
	 */
	public RequestedRefresh {
		Assert.notNull(changed, "changed must not be null");
		Assert.notNull(readAt, "readAt must not be null");
		Assert.notNull(nextReadAt, "nextReadAt must not be null");
		changed = List.copyOf(changed);
	}

	/**
	 * Return this result as the answer to a request that came too soon: the same re-read, not read again.
	 * @return the result with {@link #reRead()} {@code false}
	 */
	RequestedRefresh notReadAgain() {
		return new RequestedRefresh(this.changed, false, this.readAt, this.nextReadAt);
	}

}
