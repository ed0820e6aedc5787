package io.paracle.keys.resolve;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.apache.commons.logging.Log;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;

/**
 * Loads a {@code .env} file from the working directory with the rules users expect from dotenv tools (quotes
 * stripped, {@code export} prefix allowed, {@code #} comments; see {@link DotenvParser}), as the lowest-precedence property source: the
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
		environment.getPropertySources().addLast(new DotenvPropertySource(file, entries));
		this.logger.info("Loaded " + entries.size() + " entries from " + file + " (below the real environment)");
		GitIgnoreCheck.warnIfTracked(file, this.logger);
	}

	private static String sourceName(Path file) {
		return DotenvPropertySource.NAME + ":" + file;
	}

	private Map<String, Object> read(Path file) {
		try {
			return DotenvParser.parse(Files.readAllLines(file, StandardCharsets.UTF_8));
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not read " + file + " (" + ex.getClass().getSimpleName()
					+ "). Check its permissions, or set paracle.keys.dotenv.enabled=false to skip it.", ex);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalStateException("Could not parse " + file + ": " + ex.getMessage()
					+ ". Check quotes and '=' signs, or set paracle.keys.dotenv.enabled=false to skip the file.");
		}
	}

}
