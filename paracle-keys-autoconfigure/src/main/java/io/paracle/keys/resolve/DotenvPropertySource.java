package io.paracle.keys.resolve;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

import org.springframework.core.env.MapPropertySource;

/**
 * Entries of a {@code .env} file, added below every other property source.
 *
 * @author paracle-keys
 */
final class DotenvPropertySource extends MapPropertySource {

	/** Name of the property source. */
	static final String NAME = "paracle-dotenv";

	private final Path file;

	private final Function<String, @Nullable String> lookup;

	DotenvPropertySource(Path file, Map<String, Object> entries) {
		this(file, entries, (name) -> null);
	}

	DotenvPropertySource(Path file, Map<String, Object> entries, Function<String, @Nullable String> lookup) {
		super(NAME + ":" + file, entries);
		this.file = file;
		this.lookup = lookup;
	}

	/**
	 * Return a fresh source with the file's current content, or this one when the file cannot be read now.
	 */
	DotenvPropertySource reload() {
		try {
			return new DotenvPropertySource(this.file,
					DotenvParser.parse(DotenvParser.read(this.file), this.lookup).entries(), this.lookup);
		}
		catch (IOException | IllegalStateException ex) {
			return this;
		}
	}

}
