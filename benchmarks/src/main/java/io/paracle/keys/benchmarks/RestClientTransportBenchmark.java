package io.paracle.keys.benchmarks;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import tools.jackson.databind.JsonNode;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.http.converter.json.JacksonJsonHttpMessageConverter;
import org.springframework.web.client.RestClient;

/**
 * The chat call through Spring's {@link RestClient} over each transport of
 * {@link RestClientTransport}: the request as a Jackson 3 tree (or its bytes, see
 * {@link #body}), the response read as a Jackson 3 tree through the
 * {@link JacksonJsonHttpMessageConverter} on the shared mapper. Everything but the
 * transport is identical, so the spread between transports is the transports' own.
 *
 * @author paracle-keys
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 6, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(1)
@State(Scope.Benchmark)
public class RestClientTransportBenchmark {

	/** The transport, by {@link RestClientTransport} name in lower case. */
	@Param({ "jdk", "jdk-pooled", "apache", "reactor", "jetty", "simple" })
	public String transport;

	/**
	 * How the request body is given to {@code RestClient}: {@code tree}, a Jackson
	 * {@code ObjectNode} the converter streams (length unknown up front, so chunked or
	 * buffered by the transport), or {@code bytes}, the same JSON serialized first, so
	 * the {@code Content-Length} is known.
	 */
	@Param({ "tree", "bytes" })
	public String body;

	private boolean bytes;

	private ClientHttpRequestFactory requestFactory;

	private RestClient client;

	/**
	 * Create the transport and the client.
	 * @param stub the running stub server
	 * @throws Exception if the transport cannot start
	 */
	@Setup(Level.Trial)
	public void setUp(StubServerState stub) throws Exception {
		this.bytes = switch (this.body) {
			case "tree" -> false;
			case "bytes" -> true;
			default -> throw new IllegalArgumentException("Unknown body kind " + this.body);
		};
		this.requestFactory = RestClientTransport.of(this.transport).create();
		this.client = RestClient.builder()
			.requestFactory(this.requestFactory)
			.baseUrl(stub.rootUrl())
			.defaultHeader(HttpHeaders.AUTHORIZATION, ChatJson.AUTHORIZATION)
			.configureMessageConverters((converters) -> converters
				.withJsonConverter(new JacksonJsonHttpMessageConverter(ChatJson.MAPPER)))
			.build();
	}

	/**
	 * Release the transport.
	 * @throws Exception on a close failure
	 */
	@TearDown(Level.Trial)
	public void tearDown() throws Exception {
		RestClientTransport.close(this.requestFactory);
	}

	/**
	 * One chat call.
	 * @return the reply text
	 */
	@Benchmark
	public String chat() {
		JsonNode completion = this.client.post()
			.uri(StubLlmServer.CHAT_COMPLETIONS_PATH)
			.contentType(MediaType.APPLICATION_JSON)
			.accept(MediaType.APPLICATION_JSON)
			.body(this.bytes ? ChatJson.requestBody() : ChatJson.requestTree())
			.retrieve()
			.body(JsonNode.class);
		if (completion == null) {
			throw new IllegalStateException("Empty response");
		}
		return ChatJson.replyText(completion);
	}

}
