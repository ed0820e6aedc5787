package io.paracle.keys.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link StubLlmServer}.
 *
 * @author paracle-keys
 */
class StubLlmServerTests {

	private StubLlmServer server;

	private HttpClient client;

	@BeforeEach
	void startServer() throws Exception {
		this.server = StubLlmServer.start(0);
		// Default version HTTP_2: on cleartext, the JDK client sends "Upgrade: h2c".
		this.client = HttpClient.newHttpClient();
	}

	@AfterEach
	void stopServer() {
		this.server.close();
	}

	@Test
	void chatCompletionIsServedAsJsonAndUpgradeToH2cIsDeclined() throws Exception {
		for (int i = 0; i < 3; i++) {
			HttpResponse<byte[]> response = this.client.send(chatRequest(), HttpResponse.BodyHandlers.ofByteArray());
			assertThat(response.statusCode()).isEqualTo(200);
			assertThat(response.version()).isEqualTo(HttpClient.Version.HTTP_1_1);
			assertThat(response.headers().firstValue("Content-Type")).hasValue("application/json");
			assertThat(response.body()).hasSizeBetween(600, 700);
			assertThat(ChatJson.replyText(response.body())).isEqualTo(StubLlmServer.REPLY);
		}
	}

	@Test
	void chatCompletionHasTheFieldsOfARealOne() {
		var completion = ChatJson.MAPPER.readTree(StubLlmServer.CHAT_COMPLETION);
		assertThat(completion.path("object").stringValue()).isEqualTo("chat.completion");
		assertThat(completion.path("choices").path(0).path("message").path("role").stringValue())
			.isEqualTo("assistant");
		assertThat(completion.path("choices").path(0).path("finish_reason").stringValue()).isEqualTo("stop");
		assertThat(completion.path("usage").path("total_tokens").intValue()).isEqualTo(19);
	}

	@Test
	void keepAliveConnectionCarriesManyRequests() throws Exception {
		try (RawHttpConnection connection = new RawHttpConnection(this.server.port())) {
			for (int i = 0; i < 100; i++) {
				assertThat(connection.postJson(StubLlmServer.CHAT_COMPLETIONS_PATH, ChatJson.requestBody()))
					.isEqualTo(200);
				assertThat(ChatJson.replyText(connection.body(), 0, connection.bodyLength()))
					.isEqualTo(StubLlmServer.REPLY);
			}
		}
	}

	@Test
	void modelsAreListed() throws Exception {
		HttpResponse<String> response = this.client.send(
				HttpRequest.newBuilder(uri(StubLlmServer.MODELS_PATH)).GET().build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(200);
		assertThat(ChatJson.MAPPER.readTree(response.body()).path("data").path(0).path("id").stringValue())
			.isEqualTo(ChatJson.MODEL);
	}

	@Test
	void unknownPathIsNotFound() throws Exception {
		HttpResponse<String> response = this.client.send(HttpRequest.newBuilder(uri("/v1/embeddings")).GET().build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(404);
	}

	@Test
	void wrongMethodIsNotAllowed() throws Exception {
		HttpResponse<String> response = this.client.send(
				HttpRequest.newBuilder(uri(StubLlmServer.CHAT_COMPLETIONS_PATH)).GET().build(),
				HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).isEqualTo(405);
		assertThat(response.headers().firstValue("Allow")).hasValue("POST");
	}

	@Test
	void chunkedBodiesAreDrainedAndConnectionCloseIsHonoured() throws Exception {
		String chunked = "POST /v1/chat/completions HTTP/1.1\r\nHost: stub\r\nTransfer-Encoding: chunked\r\n\r\n"
				+ "5\r\n{\"a\":\r\n3;ext=1\r\n1}\n\r\n0\r\nTrailer: x\r\n\r\n";
		String closing = "POST /v1/chat/completions HTTP/1.1\r\nHost: stub\r\nContent-Length: 2\r\n"
				+ "Connection: close\r\n\r\n{}";
		String answers = exchange(chunked + closing);
		assertThat(answers.split("HTTP/1.1 200 OK", -1)).hasSize(3);
		assertThat(answers).contains("Connection: close").endsWith("}\n");
	}

	@Test
	void expectContinueIsAnswered() throws Exception {
		try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), this.server.port())) {
			socket.setSoTimeout(5000);
			OutputStream out = socket.getOutputStream();
			out.write(ascii("POST /v1/chat/completions HTTP/1.1\r\nHost: stub\r\nContent-Length: 2\r\n"
					+ "Expect: 100-continue\r\nConnection: close\r\n\r\n"));
			InputStream in = socket.getInputStream();
			byte[] interim = in.readNBytes(25);
			assertThat(new String(interim, StandardCharsets.US_ASCII)).isEqualTo("HTTP/1.1 100 Continue\r\n\r\n");
			out.write(ascii("{}"));
			assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).startsWith("HTTP/1.1 200 OK")
				.contains(StubLlmServer.REPLY);
		}
	}

	@Test
	void http10ClosesUnlessKeptAlive() throws Exception {
		String answer = exchange("GET /v1/models HTTP/1.0\r\n\r\n");
		assertThat(answer).startsWith("HTTP/1.1 200 OK").contains("Connection: close");
	}

	@Test
	void garbageIsABadRequest() throws Exception {
		assertThat(exchange("HELLO\r\n\r\n")).startsWith("HTTP/1.1 400 Bad Request");
		assertThat(exchange("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n")).startsWith("HTTP/1.1 505");
	}

	/**
	 * Send raw bytes and read until the server closes the connection.
	 */
	private String exchange(String request) throws IOException {
		try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), this.server.port())) {
			socket.setSoTimeout(5000);
			socket.getOutputStream().write(ascii(request));
			return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		}
	}

	private static byte[] ascii(String text) {
		return text.getBytes(StandardCharsets.US_ASCII);
	}

	private HttpRequest chatRequest() {
		return HttpRequest.newBuilder(uri(StubLlmServer.CHAT_COMPLETIONS_PATH))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofByteArray(ChatJson.requestBody()))
			.build();
	}

	private URI uri(String path) {
		return URI.create("http://127.0.0.1:" + this.server.port() + path);
	}

}
