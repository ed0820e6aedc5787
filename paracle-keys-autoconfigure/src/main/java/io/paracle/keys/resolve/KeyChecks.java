package io.paracle.keys.resolve;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import io.paracle.keys.catalog.ProviderCatalog;
import io.paracle.keys.catalog.ProviderDescriptor;

/**
 * The checks the guide's troubleshooting section asks users to do by hand, done at startup: a missing key, a
 * key with whitespace, line breaks or quotes, a placeholder copied from documentation, and a key whose shape
 * fits another provider. Messages name the provider, the variable or property, and the fix; never the key.
 *
 * @author paracle-keys
 */
final class KeyChecks {

	private static final Set<String> PLACEHOLDERS = Set.of("", "...", "changeme", "change-me", "change_me",
			"replaceme", "replace-me", "todo", "tbd", "secret", "password", "api-key", "apikey", "your-key",
			"your-api-key", "your_api_key", "yourapikey", "insert-key-here", "null", "none");

	private static final Pattern PLACEHOLDER_SHAPES = Pattern.compile(
			"(?i)^(<.*>|\\$\\{.*}|\\{\\{.*}}|x{3,}|\\*{3,}|.*\\.\\.\\..*|your[-_ ].*|.*[-_]here|.*-placeholder.*)$");

	void check(String name, ProviderDescriptor descriptor, ProviderKeys keys, boolean isDefault,
			List<KeyProblem> problems, List<String> warnings) {
		if (keys.isEmpty()) {
			if (!ProviderCatalog.BEDROCK.equals(descriptor.id()) && problems.isEmpty()) {
				problems.add(missing(name, descriptor, isDefault));
			}
			return;
		}
		for (ApiKey key : keys.keys()) {
			String where = describe(name, descriptor, key, keys.count());
			String value = key.secret();
			if (ProviderCatalog.BEDROCK.equals(descriptor.id()) && value.isEmpty()) {
				problems.add(new KeyProblem(name,
						"AWS access key id found, but AWS_SECRET_ACCESS_KEY not found",
						"Set AWS_SECRET_ACCESS_KEY (or paracle.providers." + name
								+ ".secret-access-key), or remove the access key id to use the AWS default "
								+ "credentials chain."));
			}
			else if (isPlaceholder(value)) {
				problems.add(new KeyProblem(name,
						where + " is a placeholder copied from documentation or .env.example, not a key",
						"Replace the placeholder with your real key from " + descriptor.keysUrl()
								+ ", or remove the line if you do not use " + descriptor.displayName() + "."));
			}
			else if (hasWhitespace(value)) {
				problems.add(new KeyProblem(name, where + " contains " + whitespaceKind(value),
						"Copy the key again without extra spaces or newlines (check the end of the line in "
								+ key.origin().description() + ")."));
			}
			else if (value.indexOf('"') >= 0 || value.indexOf('\'') >= 0) {
				problems.add(new KeyProblem(name, where + " contains quote characters",
						"Remove the quotes around the key in " + key.origin().description()
								+ " (a .env file read by Spring's own file import keeps them)."));
			}
			else {
				warnIfShapeFitsAnother(name, descriptor, key, value, warnings);
			}
		}
	}

	private static KeyProblem missing(String name, ProviderDescriptor descriptor, boolean isDefault) {
		String property = "paracle.providers." + name;
		String variable = isDefault ? descriptor.primaryVariable() : property + ".api-key";
		StringBuilder lookedAt = new StringBuilder();
		lookedAt.append(property).append(".api-key, ").append(property).append(".api-keys, ")
			.append(property).append(".api-key-file");
		if (isDefault) {
			for (String candidate : descriptor.keyVariables()) {
				lookedAt.append(", ").append(candidate).append(" and ").append(candidate.replace('_', '-'))
					.append(" (environment, system properties, config imports and secret stores), ")
					.append(candidate).append("_FILE, .env, configtree imports");
			}
		}
		String action = isDefault
				? "Set " + descriptor.primaryVariable() + " (export " + descriptor.primaryVariable()
						+ "=..., a line in .env, a Docker or Kubernetes secret, or a secret store), or set "
						+ property + ".enabled=false. Get a key at " + descriptor.keysUrl()
				: "Set " + property + ".api-key (for example ${MY_KEY_VARIABLE}) or " + property
						+ ".api-key-file, or set " + property + ".enabled=false. Get a key at "
						+ descriptor.keysUrl();
		return new KeyProblem(name, variable + " not found for " + descriptor.displayName() + " (provider '"
				+ name + "' is enabled). Looked at: " + lookedAt, action);
	}

	private static String describe(String name, ProviderDescriptor descriptor, ApiKey key, int count) {
		String which = (count > 1) ? "Key " + key.fingerprint() : "The key";
		return which + " of " + descriptor.displayName() + " (provider '" + name + "') from "
				+ key.origin().description();
	}

	static boolean isPlaceholder(String value) {
		String trimmed = value.strip();
		return PLACEHOLDERS.contains(trimmed.toLowerCase(Locale.ROOT)) || PLACEHOLDER_SHAPES.matcher(trimmed).matches();
	}

	private static boolean hasWhitespace(String value) {
		for (int i = 0; i < value.length(); i++) {
			if (Character.isWhitespace(value.charAt(i))) {
				return true;
			}
		}
		return false;
	}

	private static String whitespaceKind(String value) {
		if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
			return "a line break";
		}
		if (!value.equals(value.strip())) {
			return "leading or trailing whitespace";
		}
		return "whitespace inside the key";
	}

	private static void warnIfShapeFitsAnother(String name, ProviderDescriptor descriptor, ApiKey key, String value,
			List<String> warnings) {
		ProviderDescriptor best = ProviderCatalog.bestShapeMatch(value);
		if (best != null && !best.id().equals(descriptor.id())
				&& best.matchedPrefixLength(value) > descriptor.matchedPrefixLength(value)) {
			warnings.add("The key " + key.fingerprint() + " of provider '" + name + "' (from "
					+ key.origin().description() + ") is shaped like a " + best.displayName() + " key ("
					+ best.keyPrefixes() + "), not a " + descriptor.displayName() + " key. Check that it is in "
					+ "the right variable (" + best.primaryVariable() + " vs " + descriptor.primaryVariable() + ").");
		}
	}

}
