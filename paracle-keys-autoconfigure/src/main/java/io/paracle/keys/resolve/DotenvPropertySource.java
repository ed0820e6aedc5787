package io.paracle.keys.resolve;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

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

	DotenvPropertySource(Path file, Map<String, Object> entries) {
		super(NAME + ":" + file, entries);
		this.file = file;
	}

	/**
	 * Return a fresh source with the file's current content, or this one when the file cannot be read now.
	 */
	DotenvPropertySource reload() {
		try {
			return new DotenvPropertySource(this.file,
					DotenvParser.parse(Files.readAllLines(this.file, StandardCharsets.UTF_8)));
		}
		catch (IOException | IllegalArgumentException ex) {
			return this;
		}
	}

}
