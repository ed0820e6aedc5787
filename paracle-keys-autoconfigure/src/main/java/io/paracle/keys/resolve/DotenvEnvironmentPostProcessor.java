package io.paracle.keys.resolve;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;

import org.apache.commons.logging.Log;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.logging.DeferredLogFactory;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.PropertySource;

/**
 * Loads a {@code .env} file from the working directory with python-dotenv's rules (quotes stripped,
 * {@code export} prefix allowed, {@code #} comments, multi-line quoted values, {@code ${NAME}} expanded; see
 * {@link DotenvParser}), as the lowest-precedence property source: the real environment, system properties and
 * every config file win over it. On by default; switched off with {@code paracle.keys.dotenv.enabled=false}.
 * <p>
 * A line that cannot be parsed is skipped with one WARN naming the file and the line number; the other entries
 * load. A file that cannot be read or is not UTF-8 fails startup through {@link DotenvFailureAnalyzer}.
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
		Function<String, @Nullable String> lookup = lookup(environment);
		DotenvParser.Result result = read(file, lookup);
		for (DotenvParser.Skipped skipped : result.skipped()) {
			this.logger.warn("Skipped line " + skipped.line() + " of " + file + ": it " + skipped.reason()
					+ ". The other entries of the file were loaded; fix or remove that line.");
		}
		for (DotenvParser.Unset unset : result.unset()) {
			this.logger.warn("Line " + unset.line() + " of " + file + " uses ${" + unset.name() + "}, which is not set "
					+ "in the environment or on an earlier line: it expands to an empty value (write ${"
					+ unset.name() + ":-default} for a default).");
		}
		environment.getPropertySources().addLast(new DotenvPropertySource(file, result.entries(), lookup));
		this.logger.info(
				"Loaded " + result.entries().size() + " entries from " + file + " (below the real environment)");
		GitIgnoreCheck.warnIfTracked(file, this.logger);
	}

	/**
	 * Look a name up for {@code ${NAME}} in a {@code .env} value: in every property source but the {@code .env}
	 * files, raw (the value as the source holds it).
	 */
	static Function<String, @Nullable String> lookup(ConfigurableEnvironment environment) {
		return (name) -> {
			for (PropertySource<?> source : environment.getPropertySources()) {
				if (source instanceof DotenvPropertySource) {
					continue;
				}
				Object value = source.getProperty(name);
				if (value != null) {
					return value.toString();
				}
			}
			return null;
		};
	}

	private static String sourceName(Path file) {
		return DotenvPropertySource.NAME + ":" + file;
	}

	private static DotenvParser.Result read(Path file, Function<String, @Nullable String> lookup) {
		String content;
		try {
			content = DotenvParser.read(file);
		}
		catch (IOException ex) {
			throw new DotenvFileException("Could not read " + file + " (" + ex.getClass().getSimpleName() + ")",
					"Check its permissions, or set paracle.keys.dotenv.enabled=false to skip it.", ex);
		}
		return DotenvParser.parse(content, lookup);
	}

}
