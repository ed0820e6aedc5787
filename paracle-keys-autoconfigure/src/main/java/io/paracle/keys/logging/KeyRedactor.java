package io.paracle.keys.logging;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.paracle.keys.catalog.ProviderCatalog;
import io.paracle.keys.resolve.Fingerprints;

/**
 * Replaces key values in text with {@code [key:<fingerprint>]}: every key the application knows (including keys
 * it used before a rotation, and the most recent per-call keys), and every string shaped like a provider key
 * ({@code sk-...}, {@code AIza...}, {@code gsk_...}, ...) even when the application never loaded it. Thread-safe;
 * the list of known keys is swapped as a whole.
 *
 * @author paracle-keys
 */
public final class KeyRedactor {

	private static final int MAX_KNOWN = 256;

	private static final int MAX_PER_CALL = 128;

	private static final int MIN_SECRET_LENGTH = 8;

	private static final Pattern KEY_SHAPES = keyShapes();

	/** The application's keys, oldest first. */
	private final Set<String> resolved = new LinkedHashSet<>();

	/** Per-call keys, least recently used first. */
	private final Map<String, Boolean> perCall = new LinkedHashMap<>(16, 0.75f, true) {

		@Override
		protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
			return size() > MAX_PER_CALL;
		}

	};

	private volatile List<String> known = List.of();

	/**
	 * Add keys to redact, keeping the ones already known (old keys may still appear in late log lines).
	 * @param secrets key values
	 */
	public synchronized void addAll(Iterable<String> secrets) {
		for (String secret : secrets) {
			if (secret != null && secret.length() >= MIN_SECRET_LENGTH) {
				this.resolved.remove(secret);
				this.resolved.add(secret);
			}
		}
		Iterator<String> oldest = this.resolved.iterator();
		while (this.resolved.size() > MAX_KNOWN) {
			oldest.next();
			oldest.remove();
		}
		update();
	}

	/**
	 * Add a key a caller passed for one call ({@code ChatRequest.apiKey}), before the call sends it: the
	 * application never resolved it, and it need not have a provider's shape. The last {@value #MAX_PER_CALL}
	 * per-call keys are kept; they never push the application's own keys out.
	 * @param secret the key value
	 */
	public synchronized void addPerCallKey(String secret) {
		if (secret.length() < MIN_SECRET_LENGTH || this.perCall.get(secret) != null) {
			return;
		}
		this.perCall.put(secret, Boolean.TRUE);
		update();
	}

	private void update() {
		Set<String> all = new LinkedHashSet<>(this.resolved);
		all.addAll(this.perCall.keySet());
		List<String> sorted = new ArrayList<>(all);
		sorted.sort(Comparator.comparingInt(String::length).reversed());
		this.known = List.copyOf(sorted);
	}

	/**
	 * Return the text with every key replaced by its fingerprint.
	 * @param text the text
	 * @return the redacted text, the same instance when nothing matched
	 */
	public String redact(String text) {
		String result = text;
		for (String secret : this.known) {
			if (result.contains(secret)) {
				result = result.replace(secret, marker(secret));
			}
		}
		Matcher matcher = KEY_SHAPES.matcher(result);
		if (!matcher.find()) {
			return result;
		}
		StringBuilder redacted = new StringBuilder(result.length());
		do {
			matcher.appendReplacement(redacted, Matcher.quoteReplacement(marker(matcher.group())));
		}
		while (matcher.find());
		matcher.appendTail(redacted);
		return redacted.toString();
	}

	/**
	 * Return whether the text holds a known key or a key-shaped string.
	 * @param text the text
	 * @return whether {@link #redact(String)} would change it
	 */
	public boolean containsKey(String text) {
		for (String secret : this.known) {
			if (text.contains(secret)) {
				return true;
			}
		}
		return KEY_SHAPES.matcher(text).find();
	}

	private static String marker(String secret) {
		return "[key:" + Fingerprints.of(secret) + "]";
	}

	private static Pattern keyShapes() {
		String prefixes = ProviderCatalog.all()
			.stream()
			.flatMap((descriptor) -> descriptor.keyPrefixes().stream())
			.filter((prefix) -> !prefix.startsWith("AKIA") && !prefix.startsWith("ASIA"))
			.distinct()
			.sorted(Comparator.comparingInt(String::length).reversed())
			.map(Pattern::quote)
			.collect(Collectors.joining("|"));
		// 16+ key characters after a known prefix; (?<![\w-]) keeps "task-..." or "risk-..." words intact.
		return Pattern.compile("(?<![A-Za-z0-9_\\-])(?:" + prefixes + ")[A-Za-z0-9_\\-]{16,}");
	}

}
