package io.paracle.keys.resolve;

import java.net.URI;
import java.util.List;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * Finds provider configurations that would send their keys in clear text: a plain {@code http://} base URL to a
 * host that is not the machine itself. One WARN per provider at startup; refused when the source policy
 * ({@code paracle.keys.allowed-sources}, as the {@code prod} profile sets it) restricts where keys come from, unless
 * {@code paracle.providers.<name>.allow-plain-http} is true (a sidecar or a mesh that encrypts the hop).
 *
 * @author paracle-keys
 */
final class PlainHttpCheck {

	private PlainHttpCheck() {
	}

	/**
	 * Check a configuration.
	 * @param configuration an active configuration
	 * @param strict whether the source policy restricts where keys come from
	 * @param problems where a refusal goes
	 * @return the warning to log, or {@code null}
	 */
	static @Nullable String check(ProviderConfiguration configuration, boolean strict, List<KeyProblem> problems) {
		ProviderSettings settings = configuration.settings();
		if (settings == null || configuration.keys().isEmpty() || settings.allowPlainHttp()) {
			return null;
		}
		String host = plainHttpHost(settings.baseUrl());
		if (host == null) {
			return null;
		}
		String name = configuration.name();
		String property = "paracle.providers." + name + ".base-url";
		String what = "Provider '" + name + "' sends its key in clear text to http://" + host + " (" + property + ")";
		String fix = "Use an https:// URL, or set paracle.providers." + name + ".allow-plain-http=true when the "
				+ "connection is encrypted by other means (a sidecar, a service mesh).";
		if (strict) {
			problems.add(new KeyProblem(name, what + ", which paracle.keys.allowed-sources forbids", fix));
			return null;
		}
		return what + ". " + fix;
	}

	/**
	 * Return the host of a plain {@code http://} URL that is not the machine itself, or {@code null}.
	 */
	static @Nullable String plainHttpHost(@Nullable String baseUrl) {
		if (baseUrl == null || !baseUrl.regionMatches(true, 0, "http://", 0, 7)) {
			return null;
		}
		String host;
		try {
			host = URI.create(baseUrl.strip()).getHost();
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
		if (host == null) {
			return null;
		}
		String lower = host.toLowerCase(Locale.ROOT);
		boolean loopback = lower.equals("localhost") || lower.endsWith(".localhost") || lower.startsWith("127.")
				|| lower.equals("[::1]") || lower.equals("::1") || lower.equals("host.docker.internal");
		return loopback ? null : host;
	}

}
