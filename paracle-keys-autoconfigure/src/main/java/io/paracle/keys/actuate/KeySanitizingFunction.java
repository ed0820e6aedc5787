package io.paracle.keys.actuate;

import java.util.Locale;
import java.util.Set;

import io.paracle.keys.logging.KeyRedactor;
import io.paracle.keys.provider.ProviderCatalog;
import io.paracle.keys.provider.ProviderDescriptor;

import org.springframework.boot.actuate.endpoint.SanitizableData;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;

/**
 * Masks keys in {@code /actuator/env} and {@code /actuator/configprops}, even with {@code show-values: always}:
 * every provider key property ({@code paracle.providers.*.api-key}, {@code api-keys}, {@code secret-access-key}),
 * every conventional key variable in any spelling ({@code OPENAI_API_KEY}, {@code OPENAI-API-KEY},
 * {@code openai-api-key}, {@code openai.api.key}), and any value that holds a resolved or key-shaped key.
 *
 * @author paracle-keys
 */
public class KeySanitizingFunction implements SanitizingFunction {

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
		if (lowerCaseKey.startsWith("paracle.providers.") && (lowerCaseKey.endsWith(".api-key")
				|| lowerCaseKey.contains(".api-keys") || lowerCaseKey.endsWith(".secret-access-key")
				|| lowerCaseKey.endsWith(".apikey") || lowerCaseKey.endsWith(".secretaccesskey"))) {
			return true;
		}
		return this.variableNames.contains(normalize(lowerCaseKey));
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

	private static String normalize(String name) {
		return name.toLowerCase(Locale.ROOT).replace('-', '_').replace('.', '_');
	}

}
