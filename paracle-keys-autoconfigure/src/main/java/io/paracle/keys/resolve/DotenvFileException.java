package io.paracle.keys.resolve;

import org.jspecify.annotations.Nullable;

/**
 * Thrown at startup when a {@code .env} file cannot be loaded at all (unreadable, or not UTF-8). Its message
 * names the file and the line, never a value; {@link DotenvFailureAnalyzer} reports it.
 *
 * @author paracle-keys
 */
final class DotenvFileException extends IllegalStateException {

	private final String description;

	private final String action;

	DotenvFileException(String message, String action, @Nullable Throwable cause) {
		super(message + ". " + action, cause);
		this.description = message;
		this.action = action;
	}

	String description() {
		return this.description;
	}

	String action() {
		return this.action;
	}

}
