package io.paracle.keys.resolve;

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

	DotenvPropertySource(String path, Map<String, Object> entries) {
		super(NAME + ":" + path, entries);
	}

}
