package io.paracle.keys.sample;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * An OpenAI-compatible chat endpoint on 127.0.0.1 with faults chosen per key: a key that always answers 429, a key
 * that answers until it is revoked (then 401 {@code invalid_api_key}), keys that answer, and one answer in twenty
 * drip-fed in chunks (slower than the others, within the deadline). Counts what it answered, per key and status.
 */
final class FaultyOpenAiServer implements AutoCloseable {

	static final int DRIP_EVERY = 20;

	static final int DRIP_CHUNKS = 6;

	static final long DRIP_PAUSE_MILLIS = 250;

	private static final String ANSWER = """
			{"id":"chatcmpl-load","object":"chat.completion","created":1,"model":"gpt-4o-mini",
			 "choices":[{"index":0,"message":{"role":"assistant","content":"ok"},"finish_reason":"stop"}],
			 "usage":{"prompt_tokens":2,"completion_tokens":1,"total_tokens":3}}""";

	private final HttpServer server;

	private final ExecutorService executor = Executors.newFixedThreadPool(96, (task) -> {
		Thread thread = new Thread(task, "faulty-openai");
		thread.setDaemon(true);
		return thread;
	});

	private final String rateLimitedKey;

	private final Set<String> acceptedKeys = ConcurrentHashMap.newKeySet();

	private final AtomicLong answers = new AtomicLong();

	private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();

	FaultyOpenAiServer(String rateLimitedKey, String... acceptedKeys) throws IOException {
		this.rateLimitedKey = rateLimitedKey;
		this.acceptedKeys.addAll(Set.of(acceptedKeys));
		this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 128);
		this.server.setExecutor(this.executor);
		this.server.createContext("/v1/chat/completions", this::chat);
		this.server.start();
	}

	String baseUrl() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort() + "/v1";
	}

	/** The provider revokes this key: from now on it answers 401. */
	void revoke(String key) {
		this.acceptedKeys.remove(key);
	}

	/** The provider accepts this key from now on. */
	void accept(String key) {
		this.acceptedKeys.add(key);
	}

	/**
	 * Return how many answers of this kind went to this key.
	 * @param key the key
	 * @param kind {@code 200}, {@code 200-drip}, {@code 401} or {@code 429}
	 */
	long count(String key, String kind) {
		AtomicLong count = this.counts.get(key + " " + kind);
		return (count != null) ? count.get() : 0;
	}

	private void chat(HttpExchange exchange) throws IOException {
		try (exchange) {
			exchange.getRequestBody().readAllBytes();
			String authorization = exchange.getRequestHeaders().getFirst("Authorization");
			String key = (authorization != null && authorization.startsWith("Bearer ")) ? authorization.substring(7)
					: "";
			if (key.equals(this.rateLimitedKey)) {
				record(key, "429");
				exchange.getResponseHeaders().add("Retry-After", "2");
				send(exchange, 429, "{\"error\":{\"message\":\"Rate limit reached for requests\",\"type\":\"requests\","
						+ "\"code\":\"rate_limit_exceeded\"}}");
			}
			else if (!this.acceptedKeys.contains(key)) {
				record(key, "401");
				send(exchange, 401, "{\"error\":{\"message\":\"Incorrect API key provided.\","
						+ "\"type\":\"invalid_request_error\",\"code\":\"invalid_api_key\"}}");
			}
			else if (this.answers.incrementAndGet() % DRIP_EVERY == 0) {
				record(key, "200-drip");
				drip(exchange);
			}
			else {
				record(key, "200");
				send(exchange, 200, ANSWER);
			}
		}
	}

	private void drip(HttpExchange exchange) throws IOException {
		byte[] body = ANSWER.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().add("Content-Type", "application/json");
		exchange.sendResponseHeaders(200, body.length);
		OutputStream out = exchange.getResponseBody();
		int chunk = (body.length + DRIP_CHUNKS - 1) / DRIP_CHUNKS;
		for (int start = 0; start < body.length; start += chunk) {
			out.write(body, start, Math.min(chunk, body.length - start));
			out.flush();
			pause();
		}
		out.close();
	}

	private void record(String key, String kind) {
		this.counts.computeIfAbsent(key + " " + kind, (ignored) -> new AtomicLong()).incrementAndGet();
	}

	private static void pause() {
		try {
			Thread.sleep(DRIP_PAUSE_MILLIS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static void send(HttpExchange exchange, int status, String body) throws IOException {
		byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().add("Content-Type", "application/json");
		exchange.sendResponseHeaders(status, bytes.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(bytes);
		}
	}

	@Override
	public void close() {
		this.server.stop(0);
		this.executor.shutdownNow();
	}

}
