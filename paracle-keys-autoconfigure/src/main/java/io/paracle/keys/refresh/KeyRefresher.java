package io.paracle.keys.refresh;

import java.util.List;

/**
 * Re-reads keys from their sources. The clients call {@link #refreshAfterRejection(String)} when a provider
 * refuses the current key (401/403): the zero-downtime path when an old key is revoked before the scheduled
 * re-read; the {@link KeyRefreshSchedule} and the {@code paracle} endpoint call {@link #refresh()}. The default,
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

}
