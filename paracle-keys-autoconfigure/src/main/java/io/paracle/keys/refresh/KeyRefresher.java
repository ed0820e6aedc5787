package io.paracle.keys.refresh;

import java.time.Instant;
import java.util.List;

/**
 * Re-reads keys from their sources. The clients call {@link #refreshAfterRejection(String)} when a provider
 * refuses the current key (401/403): the zero-downtime path when an old key is revoked before the scheduled
 * re-read; the {@link KeyRefreshSchedule} calls {@link #refresh()} and the {@code paracle} endpoint
 * {@link #refreshOnRequest()}. The default,
 * {@link KeySourcesRefresher}, re-reads secret stores too.
 *
 * @author paracle-keys
 */
public interface KeyRefresher {

	/**
	 * Re-read every key source now.
	 * @return the provider configurations whose keys changed
	 */
	List<String> refresh();

	/**
	 * Re-read the key sources after a provider refused a key, at most once per minimum refresh interval.
	 * @param provider the provider configuration whose key was refused
	 * @return whether that provider's keys changed, in this re-read or in another one within the minimum interval
	 * (so a retry with the new key makes sense)
	 */
	boolean refreshAfterRejection(String provider);

	/**
	 * Re-read every key source because an operator asked ({@code POST /actuator/paracle}). The default re-reads
	 * every time; {@link KeySourcesRefresher} lets concurrent requests share the re-read in flight and answers a
	 * request within the minimum refresh interval of the last one with that one's result, without reading.
	 * @return what the re-read that served the request found
	 */
	default RequestedRefresh refreshOnRequest() {
		List<String> changed = refresh();
		Instant now = Instant.now();
		return new RequestedRefresh(changed, true, now, now);
	}

}
