package io.paracle.keys.sample;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The sample started as a process of its own (the tests that need a JVM of their own: a profile's environment,
 * two replicas on one Redis): the {@code java} binary of this JVM, and the port the sample reports once started.
 */
final class SampleProcesses {

	private static final Pattern STARTED = Pattern.compile("Tomcat started on port (\\d+)");

	private SampleProcesses() {
	}

	/**
	 * Return the {@code java} binary of the JVM running the tests.
	 */
	static String javaBinary() {
		return Path.of(System.getProperty("java.home"), "bin", "java").toString();
	}

	/**
	 * Copy every line the process prints into {@code output} (on a daemon thread) and complete with the port
	 * the sample started on, or exceptionally with its output when it exits before.
	 */
	static CompletableFuture<Integer> startedPort(Process process, List<String> output) {
		BufferedReader reader = new BufferedReader(
				new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
		CompletableFuture<Integer> port = new CompletableFuture<>();
		Thread pump = new Thread(() -> {
			try {
				for (String line = reader.readLine(); line != null; line = reader.readLine()) {
					synchronized (output) {
						output.add(line);
					}
					Matcher matcher = STARTED.matcher(line);
					if (matcher.find()) {
						port.complete(Integer.parseInt(matcher.group(1)));
					}
				}
				port.completeExceptionally(new IllegalStateException("sample exited:\n" + String.join("\n", output)));
			}
			catch (IOException ex) {
				port.completeExceptionally(ex);
			}
		}, "sample-output");
		pump.setDaemon(true);
		pump.start();
		return port;
	}

}
