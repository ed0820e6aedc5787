package io.paracle.keys.resolve;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import io.github.cdimascio.dotenv.Dotenv;
import io.github.cdimascio.dotenv.DotenvEntry;
import io.github.cdimascio.dotenv.DotenvException;
import org.apache.commons.logging.Log;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Loads a {@code .env} file from the working directory with the rules users expect from dotenv tools (quotes
 * stripped, {@code export} prefix allowed, {@code #} comments), as the lowest-precedence property source: the
 * real environment, system properties and every config file win over it. On by default; switched off with
 * {@code paracle.keys.dotenv.enabled=false}.
 * <p>
 * When the file sits in a git work tree that does not ignore it, one WARN says so: a {@code .env} must never be
 * committed.
 *
 * @author paracle-keys
 */
public class DotenvEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

	/** Runs after the config data post-processor, so application.yml can switch the .env file off. */
	public static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 20;

	private final Log logger;

	/**
	 * Create a new instance.
	 * @param logFactory factory of loggers that replay once logging is ready
	 */
	public DotenvEnvironmentPostProcessor(DeferredLogFactory logFactory) {
		this.logger = logFactory.getLog(DotenvEnvironmentPostProcessor.class);
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		if (!environment.getProperty("paracle.keys.dotenv.enabled", Boolean.class, true)) {
			return;
		}
		Path file = Path.of(environment.getProperty("paracle.keys.dotenv.path", ".env")).toAbsolutePath().normalize();
		if (!Files.isRegularFile(file) || environment.getPropertySources().contains(sourceName(file))) {
			return;
		}
		Map<String, Object> entries = read(file);
		environment.getPropertySources().addLast(new DotenvPropertySource(file.toString(), entries));
		this.logger.info("Loaded " + entries.size() + " entries from " + file + " (below the real environment)");
		GitIgnoreCheck.warnIfTracked(file, this.logger);
	}

	private static String sourceName(Path file) {
		return DotenvPropertySource.NAME + ":" + file;
	}

	private Map<String, Object> read(Path file) {
		try {
			Dotenv dotenv = Dotenv.configure()
				.directory(file.getParent().toString())
				.filename(file.getFileName().toString())
				.load();
			Map<String, Object> entries = new LinkedHashMap<>();
			for (DotenvEntry entry : dotenv.entries(Dotenv.Filter.DECLARED_IN_ENV_FILE)) {
				entries.put(entry.getKey(), entry.getValue());
			}
			return entries;
		}
		catch (DotenvException ex) {
			// The parser's message may quote the malformed line, which may hold a key: never pass it on.
			throw new IllegalStateException("Could not parse " + file
					+ ": a line is not of the form NAME=value. Check quotes and '=' signs, or set "
					+ "paracle.keys.dotenv.enabled=false to skip the file.");
		}
	}

}
