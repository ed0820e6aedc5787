package io.paracle.keys.benchmarks;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where the allocation of one {@link ParacleOpenAiBenchmark} call goes, from a JFR recording of the benchmark
 * fork made with {@code benchmarks/jfr-allocation.jfc}: the weights of the {@code jdk.ObjectAllocationSample}
 * events of the JMH worker thread inside {@code ParacleOpenAiBenchmark.chat}, put into layers by the frames on
 * their stacks (the first rule that any frame matches wins) and scaled to the {@code gc.alloc.rate.norm} of the
 * same run. Sampled, so each row is good to a few per cent.
 * <p>
 * Run with {@code java -cp benchmarks.jar io.paracle.keys.benchmarks.AllocationProfile <file.jfr> <B/op>}.
 *
 * @author paracle-keys
 */
public final class AllocationProfile {

	private static final Map<String, Pattern> LAYERS = new LinkedHashMap<>();

	static {
		layer("paracle: paracle.api.call observation and meters (ApiCall)", "io\\.paracle\\.keys\\.metrics\\..*");
		layer("Boot: http.client.requests observation of the RestClient",
				"(io\\.micrometer\\..*|.*ClientHttpObservationDocumentation.*|.*ClientRequestObservation.*)");
		layer("paracle: reply parsed into a Jackson tree (Json.read)", ".*\\.Json\\.read(Tree)?");
		layer("paracle: reply read by the streaming parser (OpenAiWire.readChat)", ".*\\.OpenAiWire\\.readChat");
		layer("paracle: request serialized (Json.write)", ".*\\.Json\\.write");
		layer("paracle: request tree (OpenAiWire.chatBody)", ".*\\.OpenAiWire\\.chatBody");
		layer("RestClient: URI template expansion against the base URL",
				".*DefaultRestClient\\$DefaultRequestBodyUriSpec\\.uri");
		layer("Apache HttpClient 5 exchange and Spring's request adapter",
				".*HttpComponentsClientHttpRequest\\.executeInternal");
		layer("Apache HttpClient 5 exchange, called directly (paracle.http.client=direct)",
				".*DirectProviderHttpClient\\.exchange");
		layer("Spring: response headers adapter (read for rate-limit headers)",
				".*HttpComponentsClientHttpResponse\\.getHeaders");
		layer("RestClient: request spec, header copies, exchange plumbing", ".*(DefaultRestClient|RestClient\\$).*");
		layer("paracle: key pool, limiter, last call, retry",
				".*(KeyPool|KeyPools|ClientRateLimiter|KeyPoolMeters|LastCall|resilience4j).*");
		layer("paracle: request and response objects, key header, other", "io\\.paracle\\.keys\\..*");
	}

	private AllocationProfile() {
	}

	private static void layer(String name, String frameRegex) {
		LAYERS.put(name, Pattern.compile(frameRegex));
	}

	/**
	 * Print the layers as a Markdown table.
	 * @param args the JFR file and the measured bytes per call
	 * @throws IOException if the recording cannot be read
	 */
	public static void main(String[] args) throws IOException {
		double bytesPerCall = Double.parseDouble(args[1]);
		Map<String, Long> weights = new LinkedHashMap<>();
		LAYERS.keySet().forEach((name) -> weights.put(name, 0L));
		weights.put("other", 0L);
		long total = 0;
		try (RecordingFile recording = new RecordingFile(Path.of(args[0]))) {
			while (recording.hasMoreEvents()) {
				RecordedEvent event = recording.readEvent();
				if (!event.getEventType().getName().equals("jdk.ObjectAllocationSample") || !inBenchmark(event)) {
					continue;
				}
				long weight = event.getLong("weight");
				total += weight;
				weights.merge(layer(event.getStackTrace().getFrames()), weight, Long::sum);
			}
		}
		System.out.println("| layer | B/op | share |");
		System.out.println("|---|---:|---:|");
		for (Map.Entry<String, Long> entry : weights.entrySet()) {
			double share = (total > 0) ? (double) entry.getValue() / total : 0;
			System.out.printf("| %s | %,.0f | %.1f %% |%n", entry.getKey(), bytesPerCall * share, 100 * share);
		}
	}

	private static boolean inBenchmark(RecordedEvent event) {
		RecordedThread thread = event.getThread("eventThread");
		if (thread == null || thread.getJavaName() == null || !thread.getJavaName().contains("jmh-worker")
				|| event.getStackTrace() == null) {
			return false;
		}
		for (RecordedFrame frame : event.getStackTrace().getFrames()) {
			if (name(frame).endsWith("ParacleOpenAiBenchmark.chat")) {
				return true;
			}
		}
		return false;
	}

	private static String layer(List<RecordedFrame> frames) {
		for (Map.Entry<String, Pattern> layer : LAYERS.entrySet()) {
			for (RecordedFrame frame : frames) {
				if (layer.getValue().matcher(name(frame)).matches()) {
					return layer.getKey();
				}
			}
		}
		return "other";
	}

	private static String name(RecordedFrame frame) {
		return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
	}

}
