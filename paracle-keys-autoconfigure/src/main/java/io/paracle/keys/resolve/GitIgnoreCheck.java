package io.paracle.keys.resolve;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.jspecify.annotations.Nullable;

/**
 * Warns when a {@code .env} file lies in a git work tree that does not ignore it. Asks {@code git check-ignore}
 * when git is installed, and otherwise reads the {@code .gitignore} files between the file and the work tree
 * root.
 *
 * @author paracle-keys
 */
final class GitIgnoreCheck {

	private GitIgnoreCheck() {
	}

	static void warnIfTracked(Path file, Log logger) {
		Path root = workTreeRoot(file.getParent());
		if (root == null) {
			return;
		}
		Boolean ignored = askGit(file);
		if (ignored == null) {
			ignored = ignoredByGitignoreFiles(file, root);
		}
		if (!ignored) {
			logger.warn(file + " is inside the git work tree " + root + " but git does not ignore it. "
					+ "Add '.env' to .gitignore now: a committed .env leaks every key in it.");
		}
	}

	private static @Nullable Path workTreeRoot(@Nullable Path directory) {
		for (Path candidate = directory; candidate != null; candidate = candidate.getParent()) {
			if (Files.exists(candidate.resolve(".git"))) {
				return candidate;
			}
		}
		return null;
	}

	private static @Nullable Boolean askGit(Path file) {
		try {
			Process process = new ProcessBuilder("git", "check-ignore", "-q", file.getFileName().toString())
				.directory(file.getParent().toFile())
				.redirectErrorStream(true)
				.start();
			process.getOutputStream().close();
			if (!process.waitFor(5, TimeUnit.SECONDS)) {
				process.destroyForcibly();
				return null;
			}
			int exit = process.exitValue();
			return (exit == 0) ? Boolean.TRUE : (exit == 1) ? Boolean.FALSE : null;
		}
		catch (IOException ex) {
			return null;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return null;
		}
	}

	private static boolean ignoredByGitignoreFiles(Path file, Path root) {
		String name = file.getFileName().toString();
		for (Path directory = file.getParent(); directory != null; directory = directory.getParent()) {
			if (ignoredBy(directory.resolve(".gitignore"), name)) {
				return true;
			}
			if (directory.equals(root)) {
				break;
			}
		}
		return false;
	}

	private static boolean ignoredBy(Path gitignore, String name) {
		if (!Files.isRegularFile(gitignore)) {
			return false;
		}
		try {
			List<String> lines = Files.readAllLines(gitignore);
			boolean ignored = false;
			for (String line : lines) {
				String pattern = line.strip();
				boolean negated = pattern.startsWith("!");
				if (negated) {
					pattern = pattern.substring(1);
				}
				if (pattern.startsWith("/")) {
					pattern = pattern.substring(1);
				}
				if (pattern.equals(name) || pattern.equals("*" + name) || (pattern.endsWith("*")
						&& name.startsWith(pattern.substring(0, pattern.length() - 1)) && !pattern.equals("*"))) {
					ignored = !negated;
				}
			}
			return ignored;
		}
		catch (IOException ex) {
			return false;
		}
	}

}
