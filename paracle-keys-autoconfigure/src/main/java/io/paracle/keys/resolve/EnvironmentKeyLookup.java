package io.paracle.keys.resolve;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.env.ConfigTreePropertySource;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.PropertySource;

/**
 * Looks names up in the property sources of an {@link ConfigurableEnvironment}, in precedence order, and
 * reports which source held the value. The building block of the {@link ProviderConfigurations key resolution
 * order}.
 *
 * @author paracle-keys
 */
final class EnvironmentKeyLookup {

	private final ConfigurableEnvironment environment;

	EnvironmentKeyLookup(ConfigurableEnvironment environment) {
		this.environment = environment;
	}

	/**
	 * Return the names a conventional variable may appear under: as written ({@code OPENAI_API_KEY}), dashed as
	 * Azure Key Vault forces ({@code OPENAI-API-KEY}), and both in lower case (Key Vault lists names in lower
	 * case; Docker secret files are usually lower case).
	 */
	static List<String> candidates(String variable) {
		Set<String> names = new LinkedHashSet<>();
		String dashed = variable.replace('_', '-');
		names.add(variable);
		names.add(dashed);
		names.add(variable.toLowerCase(Locale.ROOT));
		names.add(dashed.toLowerCase(Locale.ROOT));
		return new ArrayList<>(names);
	}

	/**
	 * Find the first value of any of the names in the property sources whose kind is accepted, sources in
	 * precedence order first, then names in the given order.
	 */
	@Nullable Match find(List<String> names, Predicate<KeySourceKind> kinds) {
		for (PropertySource<?> source : this.environment.getPropertySources()) {
			if (PropertySourceKinds.ATTACHED.equals(source.getName())) {
				continue;
			}
			KeySourceKind kind = PropertySourceKinds.of(source);
			if (!kinds.test(kind)) {
				continue;
			}
			for (String name : names) {
				String value = value(source, name);
				if (value != null) {
					return new Match(value, name, source, kind);
				}
			}
		}
		return null;
	}

	/**
	 * Return a value from a property source. Mounted secret directories are read from the file on every call:
	 * Boot's config tree source keeps the content it read at startup, and Kubernetes updates secret volumes in
	 * place.
	 */
	private static @Nullable String value(PropertySource<?> source, String name) {
		if (source instanceof ConfigTreePropertySource tree && name.indexOf('.') < 0) {
			Path file = tree.getSource().resolve(name);
			if (!Files.isRegularFile(file)) {
				return null;
			}
			try {
				return readKeyFile(file);
			}
			catch (IOException ex) {
				return null;
			}
		}
		Object value = source.getProperty(name);
		return (value != null) ? value.toString() : null;
	}

	/**
	 * Read a key file, dropping the one trailing newline that {@code echo ... | docker secret create} leaves.
	 */
	static String readKeyFile(Path path) throws IOException {
		String content = Files.readString(path, StandardCharsets.UTF_8);
		if (content.endsWith("\r\n")) {
			return content.substring(0, content.length() - 2);
		}
		if (content.endsWith("\n")) {
			return content.substring(0, content.length() - 1);
		}
		return content;
	}

	/**
	 * A value found in a property source.
	 */
	record Match(String value, String name, PropertySource<?> source, KeySourceKind kind) {

		KeyOrigin origin() {
			String sourceName = (this.kind == KeySourceKind.SECRET_STORE) ? PropertySourceKinds.describe(this.source)
					: this.source.getName();
			return new KeyOrigin(this.kind, this.name, sourceName);
		}

	}

}
