package io.paracle.keys.actuate;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import io.paracle.keys.catalog.ProviderCatalog;
import io.paracle.keys.catalog.ProviderDescriptor;
import io.paracle.keys.logging.KeyRedactor;

import org.springframework.boot.actuate.endpoint.SanitizableData;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;

/**
 * Masks keys in {@code /actuator/env} and {@code /actuator/configprops}, even with {@code show-values: always}:
 * every provider key property ({@code paracle.providers.*.api-key}, {@code api-keys}, {@code secret-access-key}) in
 * any spelling Boot binds, including the environment variable form ({@code PARACLE_PROVIDERS_OPENAI_APIKEY}),
 * every conventional key variable in any spelling ({@code OPENAI_API_KEY}, {@code OPENAI-API-KEY},
 * {@code openai-api-key}, {@code openai.api.key}), and any value that holds a resolved or key-shaped key.
 *
 * @author paracle-keys
 */
class KeySanitizingFunction implements SanitizingFunction {

	/**
	 * {@code paracle.providers.<name>.api-key}, {@code api-keys[i]} and {@code secret-access-key}, without
	 * separators: also matches the environment variable form, which holds the key of a provider that is switched
	 * off (and so is no resolved key that value-based masking would know).
	 */
	private static final Pattern PROVIDER_KEY_PROPERTY = Pattern
		.compile("paracleproviders.+(apikeys?\\d*|secretaccesskey)");

	private static final Pattern NON_ALPHANUMERIC = Pattern.compile("[^a-z0-9]");

	private final KeyRedactor redactor;

	private final Set<String> variableNames;

	/**
	 * Create a new instance.
	 * @param redactor knows the resolved keys and the key shapes
	 */
	public KeySanitizingFunction(KeyRedactor redactor) {
		this.redactor = redactor;
		this.variableNames = ProviderCatalog.all()
			.stream()
			.flatMap(KeySanitizingFunction::secretVariables)
			.map(KeySanitizingFunction::normalize)
			.collect(java.util.stream.Collectors.toUnmodifiableSet());
	}

	@Override
	public SanitizableData apply(SanitizableData data) {
		if (data.getValue() == null) {
			return data;
		}
		if (isKeyProperty(data.getLowerCaseKey()) || containsKey(data.getValue())) {
			return data.withSanitizedValue();
		}
		return data;
	}

	private boolean isKeyProperty(String lowerCaseKey) {
		return PROVIDER_KEY_PROPERTY.matcher(compact(lowerCaseKey)).matches()
				|| this.variableNames.contains(normalize(lowerCaseKey));
	}

	private boolean containsKey(Object value) {
		String text = value.toString();
		return text.length() >= 8 && this.redactor.containsKey(text);
	}

	private static java.util.stream.Stream<String> secretVariables(ProviderDescriptor descriptor) {
		java.util.stream.Stream<String> keys = descriptor.keyVariables().stream();
		return ProviderCatalog.BEDROCK.equals(descriptor.id())
				? java.util.stream.Stream.concat(keys, java.util.stream.Stream.of("AWS_SECRET_ACCESS_KEY",
						"AWS_SESSION_TOKEN"))
				: keys;
	}

	/**
	 * Return a name without separators, so that every spelling Boot binds compares alike:
	 * {@code paracle.providers.openai.api-keys[0]}, {@code paracle.providers.openai.apiKeys[0]} and
	 * {@code PARACLE_PROVIDERS_OPENAI_APIKEYS_0_} all become {@code paracleprovidersopenaiapikeys0}.
	 */
	private static String compact(String name) {
		return NON_ALPHANUMERIC.matcher(name.toLowerCase(Locale.ROOT)).replaceAll("");
	}

	private static String normalize(String name) {
		return name.toLowerCase(Locale.ROOT).replace('-', '_').replace('.', '_');
	}

}
