package io.paracle.keys.sample;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * An in-process, OpenAI-compatible stub on 127.0.0.1 for the demo mode: answers {@code POST /v1/chat/completions}
 * (streamed word by word when the request says {@code "stream": true}) and {@code GET /v1/models} for the demo
 * key (and any key starting with {@code sk-demo-}), and 401 for every
 * other key, so that the whole path — key header, meters, errors — runs with no account and no network.
 *
 * @author paracle-keys
 */
final class DemoOpenAiServer {

	/** The demo key: not a secret, accepted only by this stub. */
	static final String DEMO_KEY = "sk-demo-paracle-keys-sample-not-a-secret";

	private static final JsonMapper json = JsonMapper.builder().build();

	private final HttpServer server;

	private final AtomicLong ids = new AtomicLong();

	private DemoOpenAiServer(HttpServer server) {
		this.server = server;
	}

	static DemoOpenAiServer start() throws IOException {
		HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
		server.setExecutor(Executors.newFixedThreadPool(2, (runnable) -> {
			Thread thread = new Thread(runnable, "demo-openai-stub");
			thread.setDaemon(true);
			return thread;
		}));
		DemoOpenAiServer demo = new DemoOpenAiServer(server);
		server.createContext("/v1/chat/completions", demo::chat);
		server.createContext("/v1/models", demo::models);
		server.start();
		return demo;
	}

	int port() {
		return this.server.getAddress().getPort();
	}

	void stop() {
		this.server.stop(0);
	}

	private void chat(HttpExchange exchange) throws IOException {
		if (!authorized(exchange)) {
			return;
		}
		JsonNode request = json.readTree(exchange.getRequestBody().readAllBytes());
		JsonNode messages = request.path("messages");
		String said = messages.isEmpty() ? "" : messages.get(messages.size() - 1).path("content").asString("");
		String reply = "Hello from the paracle-keys demo stub. You said: " + said;
		String model = request.path("model").asString("gpt-4o-mini");
		int promptTokens = Math.max(1, said.split("\\s+").length);
		int completionTokens = reply.split("\\s+").length;
		if (request.path("stream").asBoolean(false)) {
			stream(exchange, model, reply, promptTokens, completionTokens);
			return;
		}
		ObjectNode body = json.createObjectNode();
		body.put("id", "chatcmpl-demo-" + this.ids.incrementAndGet());
		body.put("object", "chat.completion");
		body.put("created", System.currentTimeMillis() / 1000);
		body.put("model", model);
		ObjectNode choice = body.putArray("choices").addObject();
		choice.put("index", 0);
		choice.putObject("message").put("role", "assistant").put("content", reply);
		choice.put("finish_reason", "stop");
		ObjectNode usage = body.putObject("usage");
		usage.put("prompt_tokens", promptTokens);
		usage.put("completion_tokens", completionTokens);
		usage.put("total_tokens", promptTokens + completionTokens);
		send(exchange, 200, json.writeValueAsBytes(body));
	}

	/**
	 * Stream the reply word by word as {@code chat.completion.chunk} events, a usage chunk and {@code [DONE]}.
	 */
	private void stream(HttpExchange exchange, String model, String reply, int promptTokens, int completionTokens)
			throws IOException {
		String id = "chatcmpl-demo-" + this.ids.incrementAndGet();
		exchange.getResponseHeaders().add("Content-Type", "text/event-stream");
		exchange.sendResponseHeaders(200, 0);
		try (OutputStream out = exchange.getResponseBody()) {
			String[] words = reply.split("(?<= )");
			for (String word : words) {
				ObjectNode chunk = chunk(id, model);
				ObjectNode choice = chunk.putArray("choices").addObject();
				choice.put("index", 0);
				choice.putObject("delta").put("content", word);
				choice.putNull("finish_reason");
				event(out, chunk);
			}
			ObjectNode finish = chunk(id, model);
			ObjectNode choice = finish.putArray("choices").addObject();
			choice.put("index", 0);
			choice.putObject("delta");
			choice.put("finish_reason", "stop");
			event(out, finish);
			ObjectNode usage = chunk(id, model);
			usage.putArray("choices");
			usage.putObject("usage")
				.put("prompt_tokens", promptTokens)
				.put("completion_tokens", completionTokens)
				.put("total_tokens", promptTokens + completionTokens);
			event(out, usage);
			out.write("data: [DONE]\n\n".getBytes(StandardCharsets.UTF_8));
		}
	}

	private static ObjectNode chunk(String id, String model) {
		ObjectNode chunk = json.createObjectNode();
		chunk.put("id", id);
		chunk.put("object", "chat.completion.chunk");
		chunk.put("created", System.currentTimeMillis() / 1000);
		chunk.put("model", model);
		return chunk;
	}

	private static void event(OutputStream out, ObjectNode chunk) throws IOException {
		out.write(("data: " + json.writeValueAsString(chunk) + "\n\n").getBytes(StandardCharsets.UTF_8));
		out.flush();
	}

	private void models(HttpExchange exchange) throws IOException {
		if (authorized(exchange)) {
			send(exchange, 200, "{\"object\":\"list\",\"data\":[{\"id\":\"gpt-4o-mini\",\"object\":\"model\"}]}"
				.getBytes(StandardCharsets.UTF_8));
		}
	}

	private boolean authorized(HttpExchange exchange) throws IOException {
		String authorization = exchange.getRequestHeaders().getFirst("Authorization");
		if (authorization != null && authorization.startsWith("Bearer sk-demo-")) {
			return true;
		}
		exchange.getRequestBody().readAllBytes();
		send(exchange, 401, ("{\"error\":{\"message\":\"Incorrect API key provided. The demo stub accepts only "
				+ "sk-demo-... keys.\",\"type\":\"invalid_request_error\",\"code\":\"invalid_api_key\"}}")
			.getBytes(StandardCharsets.UTF_8));
		return false;
	}

	private static void send(HttpExchange exchange, int status, byte[] body) throws IOException {
		exchange.getResponseHeaders().add("Content-Type", "application/json");
		exchange.sendResponseHeaders(status, body.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(body);
		}
	}

}
