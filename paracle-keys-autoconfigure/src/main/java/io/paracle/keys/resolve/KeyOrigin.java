package io.paracle.keys.resolve;

import org.jspecify.annotations.Nullable;

/**
 * Where a key came from: the kind of source, the name that matched and the property source that held it.
 * Never holds the key itself.
 *
 * @param kind the kind of source
 * @param name the variable, property or file reference that matched (e.g. {@code OPENAI_API_KEY_FILE})
 * @param source the property source or store that held it (e.g. {@code systemEnvironment},
 * {@code aws-secretsmanager:paracle/api-keys}), or {@code null}
 * @author paracle-keys
 */
public record KeyOrigin(KeySourceKind kind, String name, @Nullable String source) {

	/**
	 * Return a short description, the name for local sources and the store for secret stores, e.g.
	 * {@code OPENAI_API_KEY_FILE} or {@code aws-secretsmanager:paracle/api-keys}.
	 * @return the description
	 */
	public String description() {
		if (this.kind == KeySourceKind.SECRET_STORE && this.source != null) {
			return this.source;
		}
		if (this.kind == KeySourceKind.DOTENV || this.kind == KeySourceKind.CONFIG_TREE) {
			return this.name + " (" + this.source + ")";
		}
		return this.name;
	}

	@Override
	public String toString() {
		return description();
	}

}
