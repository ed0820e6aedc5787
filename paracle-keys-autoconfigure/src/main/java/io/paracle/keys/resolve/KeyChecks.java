package io.paracle.keys.resolve;

import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import io.paracle.keys.catalog.ProviderCatalog;
import io.paracle.keys.catalog.ProviderDescriptor;
import org.jspecify.annotations.Nullable;

/**
 * The checks the guide's troubleshooting section asks users to do by hand, done at startup: a missing or empty
 * key, a key over {@value #MAX_KEY_LENGTH} characters, an unexpanded {@code ${VAR}}, a placeholder copied from
 * documentation, a key with whitespace, line breaks or quotes, any character outside printable ASCII (named by
 * kind and position), and a key whose shape fits another provider. Messages name the provider, the variable or
 * property, and the fix; never the key.
 *
 * @author paracle-keys
 */
final class KeyChecks {

	private static final Set<String> PLACEHOLDERS = Set.of("", "...", "changeme", "change-me", "change_me",
			"replaceme", "replace-me", "todo", "tbd", "secret", "password", "api-key", "apikey", "your-key",
			"your-api-key", "your_api_key", "yourapikey", "insert-key-here", "null", "none");

	private static final Pattern PLACEHOLDER_SHAPES = Pattern.compile(
			"(?i)^(<.*>|\\$\\{.*}|\\{\\{.*}}|x{3,}|\\*{3,}|.*\\.\\.\\..*|your[-_ ].*|.*[-_]here|.*-placeholder.*"
					+ "|(?:[a-z]{1,8}[-_]){0,2}(.)\\2{2,}|.*(?:your|insert|paste)[-_ ]?.*key.*|.*example.*"
					+ "|.*placeholder.*)$");

	/** {@code $NAME}, {@code ${NAME}} or {@code ${NAME:-default}}: a reference that no shell or tool expanded. */
	private static final Pattern VARIABLE_REFERENCE = Pattern
		.compile("^\\$(?:\\{[A-Za-z_][A-Za-z0-9_.\\-]*(?::?-[^}]*)?}|[A-Za-z_][A-Za-z0-9_]*)$");

	/** The longest key accepted, in characters; provider keys are well under it (the longest, Anthropic's, ~110). */
	static final int MAX_KEY_LENGTH = 1024;

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
			else {
				Finding finding = find(value);
				if (finding != null) {
					problems.add(new KeyProblem(name, where + " " + finding.description(),
							action(finding.kind(), descriptor, key)));
				}
				else {
					warnIfShapeFitsAnother(name, descriptor, key, value, warnings);
				}
			}
		}
	}

	/**
	 * What is wrong with a key value, or {@code null}: empty, too long, an unexpanded variable reference, a
	 * placeholder, whitespace or a line break, quotes, or any character outside printable ASCII (0x21 to 0x7E),
	 * by its kind and 1-based position. The text never contains the value.
	 */
	static @Nullable Finding find(String value) {
		if (value.isEmpty()) {
			return new Finding(Kind.EMPTY, "is empty");
		}
		if (value.isBlank()) {
			return new Finding(Kind.EMPTY, "is empty (only whitespace)");
		}
		if (value.length() > MAX_KEY_LENGTH) {
			return new Finding(Kind.TOO_LONG, "is " + value.length() + " characters long; a key is at most "
					+ MAX_KEY_LENGTH);
		}
		if (VARIABLE_REFERENCE.matcher(value.strip()).matches()) {
			return new Finding(Kind.REFERENCE,
					"is a variable reference that nothing expanded ($NAME or ${NAME} written literally), not a key");
		}
		if (isPlaceholder(value)) {
			return new Finding(Kind.PLACEHOLDER,
					"is a placeholder copied from documentation or .env.example, not a key");
		}
		if (hasWhitespace(value)) {
			return new Finding(Kind.WHITESPACE, "contains " + whitespaceKind(value));
		}
		if (value.indexOf('"') >= 0 || value.indexOf('\'') >= 0) {
			return new Finding(Kind.QUOTES, "contains quote characters");
		}
		int position = 1;
		for (int i = 0; i < value.length(); i += Character.charCount(value.codePointAt(i)), position++) {
			int c = value.codePointAt(i);
			if (c < 0x21 || c > 0x7E) {
				return new Finding(Kind.CHARACTER, "contains " + characterKind(c) + String.format(" (U+%04X)", c)
						+ " at position " + position + "; a key is printable ASCII");
			}
		}
		return null;
	}

	private static String characterKind(int c) {
		if (c == 0x00A0 || c == 0x2007 || c == 0x202F) {
			return "a non-breaking space";
		}
		if (c == 0xFEFF) {
			return "a byte-order mark";
		}
		if (c == 0x200B || c == 0x200C || c == 0x200D || c == 0x2060 || c == 0x180E) {
			return "a zero-width character";
		}
		if (Character.isISOControl(c) || Character.getType(c) == Character.FORMAT) {
			return "a control character";
		}
		if (Character.isSpaceChar(c) || Character.isWhitespace(c)) {
			return "a non-ASCII space";
		}
		if (Character.isLetter(c)) {
			return "a non-ASCII letter";
		}
		return "a non-ASCII character";
	}

	private static String action(Kind kind, ProviderDescriptor descriptor, ApiKey key) {
		String origin = key.origin().description();
		return switch (kind) {
			case EMPTY -> "Set " + key.origin().name() + " to your key from " + descriptor.keysUrl() + ", or unset "
					+ key.origin().name() + " (an empty variable counts as set and hides a key in .env or a mounted "
					+ "secret, as in dotenv tools), or remove the line if you do not use "
					+ descriptor.displayName() + ".";
			case TOO_LONG -> "Check what " + origin + " holds: a key is one line of at most " + MAX_KEY_LENGTH
					+ " characters (get it again from " + descriptor.keysUrl() + ").";
			case REFERENCE -> "Export the variable it names before starting the application, or put the key itself in "
					+ origin + " (Spring expands ${...} only in configuration properties; a shell does not expand "
					+ "variables inside single quotes).";
			case PLACEHOLDER -> "Replace the placeholder with your real key from " + descriptor.keysUrl()
					+ ", or remove the line if you do not use " + descriptor.displayName() + ".";
			case WHITESPACE -> "Copy the key again without extra spaces or newlines (check the end of the line in "
					+ origin + ").";
			case QUOTES -> "Remove the quotes around the key in " + origin
					+ " (a .env file read by Spring's own file import keeps them).";
			case CHARACTER -> "Type or copy the key again from " + descriptor.keysUrl() + " into " + origin
					+ ": editors, chat tools and PDFs insert invisible or typographic characters that a provider "
					+ "never accepts.";
		};
	}

	/**
	 * The kind of problem a key value has.
	 */
	enum Kind {

		EMPTY, TOO_LONG, REFERENCE, PLACEHOLDER, WHITESPACE, QUOTES, CHARACTER

	}

	/**
	 * A problem with a key value: its kind and the text that follows the key's description.
	 */
	record Finding(Kind kind, String description) {

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
			char c = value.charAt(i);
			if (c <= 0x20 && Character.isWhitespace(c)) {
				return true;
			}
		}
		return false;
	}

	private static String whitespaceKind(String value) {
		if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0) {
			return "a line break";
		}
		if (value.charAt(0) <= 0x20 || value.charAt(value.length() - 1) <= 0x20) {
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
