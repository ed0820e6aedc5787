package io.paracle.keys.benchmarks;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.ref.Reference;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ToLongFunction;

import org.springframework.context.ConfigurableApplicationContext;

/**
 * Startup time and retained heap of {@link ParacleApplication} with all 14 providers configured, with and without
 * the starter. Every sample is a fresh JVM (the same {@code java} and class path, default G1 collector), so
 * every start is a cold start that loads and initialises its classes, as an application does once; the cases
 * are interleaved ({@code none}, {@code 13}, {@code 14}, {@code none}, ...) so that a change in machine load
 * hits them alike, and medians are reported. JVM boot before {@code main} is not counted.
 * <ul>
 * <li><b>start, wall</b>: {@code SpringApplication.run} until the context is refreshed;</li>
 * <li><b>start, CPU</b>: CPU time of the main thread over the same span, which a loaded machine inflates much
 * less than wall time (JIT compilation and other threads are not in it);</li>
 * <li><b>retained heap</b>: used heap after five full collections ({@code System.gc()}, which is a full,
 * compacting collection in G1) 1.5 s after the start, with the context open. The difference to {@code none}
 * counts everything the starter keeps alive: its beans and their caches, the {@code RestClient}s and HTTP
 * connection pools, static state of its classes, its bean definitions and its entries in Boot's condition
 * report.</li>
 * </ul>
 * Cases: {@code jvm} (no context, heap only), {@code none} (the starter's auto-configurations excluded),
 * {@code 13} (the 13 HTTP providers; Bedrock off) and {@code 14} (all 14, Bedrock with the AWS SDK).
 * <p>
 * Run with {@code java -cp benchmarks.jar io.paracle.keys.benchmarks.StartupFootprint [samples]}.
 *
 * @author paracle-keys
 */
public final class StartupFootprint {

	private static final String RESULT = "FOOTPRINT ";

	private static final List<String> CASES = List.of("jvm", "none", "13", "14");

	private StartupFootprint() {
	}

	/**
	 * Measure, or (with {@code child <case>}) be one sample.
	 * @param args {@code [samples]}, or {@code child <case>}
	 * @throws Exception on a failure
	 */
	public static void main(String[] args) throws Exception {
		if (args.length == 2 && args[0].equals("child")) {
			child(args[1]);
			return;
		}
		int samples = (args.length > 0) ? Integer.parseInt(args[0]) : 10;
		Map<String, List<long[]>> results = new LinkedHashMap<>();
		CASES.forEach((name) -> results.put(name, new ArrayList<>()));
		for (int i = 0; i < samples; i++) {
			for (String name : CASES) {
				long[] sample = sample(name);
				results.get(name).add(sample);
				System.out.printf("sample %d %s: wall %d ms, cpu %d ms, heap %,d KB%n", i + 1, name, sample[0],
						sample[1], sample[2] / 1024);
			}
		}
		System.out.println();
		System.out.println("| case | start, wall (ms) | start, main-thread CPU (ms) | retained heap (KB) |");
		System.out.println("|---|---:|---:|---:|");
		long[] none = { median(results.get("none"), (s) -> s[0]), median(results.get("none"), (s) -> s[1]),
				median(results.get("none"), (s) -> s[2]) };
		results.forEach((name, values) -> {
			String wall = name.equals("jvm") ? "–" : cell(values, (s) -> s[0], none[0], 1);
			String cpu = name.equals("jvm") ? "–" : cell(values, (s) -> s[1], none[1], 1);
			System.out.printf("| %s | %s | %s | %s |%n", name, wall, cpu, cell(values, (s) -> s[2], none[2], 1024));
		});
		System.out.println();
		System.out.println("Cells: median [min-max] (median minus the median of none); " + samples
				+ " JVMs per case.");
	}

	private static String cell(List<long[]> values, ToLongFunction<long[]> metric, long none, long unit) {
		long[] all = values.stream().mapToLong(metric).sorted().toArray();
		long median = all[all.length / 2];
		return String.format("%,d [%,d–%,d] (%+,d)", median / unit, all[0] / unit, all[all.length - 1] / unit,
				(median - none) / unit);
	}

	private static void child(String name) throws Exception {
		ThreadMXBean threads = ManagementFactory.getThreadMXBean();
		long wall = System.nanoTime();
		long cpu = threads.getCurrentThreadCpuTime();
		ConfigurableApplicationContext context = switch (name) {
			case "jvm" -> null;
			case "none" -> ParacleApplication.withoutStarter(ParacleApplication.allProviders(true));
			case "13" -> ParacleApplication.start(ParacleApplication.allProviders(false));
			case "14" -> ParacleApplication.start(ParacleApplication.allProviders(true));
			default -> throw new IllegalArgumentException("Unknown case " + name);
		};
		cpu = threads.getCurrentThreadCpuTime() - cpu;
		wall = System.nanoTime() - wall;
		// Boot initialises a few libraries on a background thread after startup; let it finish.
		Thread.sleep(1500);
		long used = Long.MAX_VALUE;
		for (int i = 0; i < 5; i++) {
			System.gc();
			Thread.sleep(100);
			used = Math.min(used, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
		}
		System.out.println(RESULT + (wall / 1_000_000) + " " + (cpu / 1_000_000) + " " + used);
		Reference.reachabilityFence(context);
		if (context != null) {
			context.close();
		}
	}

	private static long[] sample(String name) throws IOException, InterruptedException {
		String java = ProcessHandle.current()
			.info()
			.command()
			.orElse(System.getProperty("java.home") + File.separator + "bin" + File.separator + "java");
		List<String> command = List.of(java, "-Xms256m", "-Xmx512m", "-Djava.net.preferIPv4Stack=true", "-cp",
				System.getProperty("java.class.path"), StartupFootprint.class.getName(), "child", name);
		Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
		long[] result = null;
		try (BufferedReader reader = new BufferedReader(
				new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
			for (String line = reader.readLine(); line != null; line = reader.readLine()) {
				if (line.startsWith(RESULT)) {
					result = Arrays.stream(line.substring(RESULT.length()).trim().split(" "))
						.mapToLong(Long::parseLong)
						.toArray();
				}
				else {
					System.err.println("[" + name + "] " + line);
				}
			}
		}
		if (process.waitFor() != 0 || result == null) {
			throw new IllegalStateException("Sample '" + name + "' failed");
		}
		return result;
	}

	private static long median(List<long[]> values, ToLongFunction<long[]> metric) {
		long[] all = values.stream().mapToLong(metric).sorted().toArray();
		return all[all.length / 2];
	}

}
