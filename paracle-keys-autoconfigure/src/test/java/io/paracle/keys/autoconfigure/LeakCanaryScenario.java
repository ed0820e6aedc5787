package io.paracle.keys.autoconfigure;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.chat.StreamingChatModel;
import dev.langchain4j.model.chat.response.StreamingChatResponseHandler;
import io.paracle.keys.config.ParacleProperties;
import io.paracle.keys.provider.ChatChunk;
import io.paracle.keys.provider.ChatRequest;
import io.paracle.keys.provider.ChatStream;
import io.paracle.keys.provider.HttpClientType;
import io.paracle.keys.provider.LlmProvider;
import io.paracle.keys.provider.LlmProviderHttpClientCustomizer;
import io.paracle.keys.provider.LlmProviderRestClientCustomizer;
import io.paracle.keys.provider.LlmProviders;
import io.paracle.keys.provider.client.AnthropicProvider;
import io.paracle.keys.provider.client.GeminiProvider;
import io.paracle.keys.provider.client.GroqProvider;
import io.paracle.keys.provider.client.MistralProvider;
import io.paracle.keys.provider.client.OpenAiProvider;
import io.paracle.keys.resolve.ApiKeyResolver;
import io.paracle.keys.route.LlmRoute;
import io.paracle.keys.testsupport.RedisServers;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.actuate.audit.AuditEventRepository;
import org.springframework.boot.actuate.audit.InMemoryAuditEventRepository;
import org.springframework.boot.actuate.audit.listener.AuditListener;
import org.springframework.boot.actuate.autoconfigure.audit.AuditAutoConfiguration;
import org.springframework.boot.actuate.web.exchanges.InMemoryHttpExchangeRepository;
import org.springframework.ai.anthropic.http.okhttp.AnthropicHttpClientBuilderCustomizer;
import org.springframework.ai.chat.client.ChatClient;
import org.springframework.ai.chat.client.advisor.SimpleLoggerAdvisor;
import org.springframework.ai.openai.http.okhttp.OpenAiHttpClientBuilderCustomizer;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;

/**
 * One run of a whole web application (Tomcat on a random port, every actuator endpoint exposed with
 * {@code show-values: always}, every logger at TRACE, the console and a log file behind an async appender)
 * whose providers have canary keys, against a fake provider server on 127.0.0.1. The run drives success,
 * {@code listModels()}, {@code verifyKey()}, per-call keys, a key rotation, 2xx answers that are not JSON, 500,
 * read timeouts, 429 and 401 through the typed clients (error answers echo the key back, as some providers do),
 * calls every actuator endpoint over HTTP, and collects everything an operator, a log shipper or a caller can
 * see as {@link Evidence}.
 * <p>
 * The canaries come from every kind of source: a config file (OpenAI), an environment variable (Anthropic), an
 * {@code *_FILE} variable naming a secret file (Gemini, whose file is then rotated to a key without a provider
 * shape), a system property holding two keys (Groq), a command-line argument with a key that has no provider
 * shape (Mistral, so only value-based redaction can catch it; the same value also sits in an unrelated
 * environment variable), a per-call key without a shape, and a key of a switched-off provider in the environment
 * variable form of a {@code paracle.providers} property (Cohere).
 * <p>
 * The fake provider server (WireMock) logs through its own shaded SLF4J without a binding, so it writes
 * nothing to the captured output: the server side is test infrastructure, not part of what is checked.
 */
final class LeakCanaryScenario {

	/** The provider configurations that get canary keys. */
	static final List<String> PROVIDERS = List.of("openai", "anthropic", "gemini", "groq", "mistral");

	/** The provider configurations also called through their LangChain4j ChatModel and StreamingChatModel beans. */
	static final List<String> LANGCHAIN4J = List.of("openai", "anthropic", "gemini");

	/**
	 * Loggers that must really be at TRACE: JDK HttpClient, Spring's HTTP clients, Tomcat, the starter,
	 * LangChain4j.
	 */
	static final List<String> WIRE_LOGGERS = List.of("jdk.httpclient.HttpClient", "jdk.internal.httpclient.debug",
			"org.springframework.web.client", "org.springframework.http.client", "org.apache.catalina",
			"org.apache.coyote", "org.apache.tomcat", "io.paracle.keys", "com.example.wire", "dev.langchain4j",
			"okhttp3", "org.springframework.ai", "com.openai", "com.anthropic", "com.google.genai");

	/**
	 * Spring AI chat model beans called: Spring AI's own OpenAI, Anthropic and Google GenAI (Gemini) models (keys
	 * from the paracle configurations {@code openai}, {@code anthropic} and {@code gemini}) and paracle's named
	 * models of {@code groq} and {@code gemini}.
	 */
	static final List<String> SPRING_AI_MODELS = List.of("openAiChatModel", "anthropicChatModel", "googleGenAiChatModel",
			"groqSpringAiChatModel", "geminiSpringAiChatModel");

	/** Actuator endpoints not called: one stops the application, the other is a heap dump (see the docs). */
	private static final Set<String> SKIPPED_ENDPOINTS = Set.of("shutdown", "heapdump");

	/** Endpoints that only have a write operation (spring-cloud-context's refresh): called with POST. */
	private static final Set<String> WRITE_ONLY_ENDPOINTS = Set.of("refresh");

	private static final Pattern METERS = Pattern.compile("(api|paracle|gen_ai|http)\\.");

	private static final Pattern TEMPLATE = Pattern.compile("\\{\\*?([^}]+)}");

	/** Long enough for the first calls of a cold JVM logging at TRACE on a busy machine. */
	private static final Duration READ_TIMEOUT = Duration.ofSeconds(2);

	private static final int RETRY_AFTER_SECONDS = 1;

	private static final String OPENAI_ANSWER = """
			{"id":"chatcmpl-1","object":"chat.completion","model":"canary-model","choices":[{"index":0,
			 "message":{"role":"assistant","content":"Hi"},"finish_reason":"stop"}],
			 "usage":{"prompt_tokens":3,"completion_tokens":1,"total_tokens":4}}""";

	private static final String OPENAI_MODELS = """
			{"object":"list","data":[{"id":"canary-model","object":"model"}]}""";

	private static final List<Fake> FAKES = List.of(
			new Fake("openai", "/openai/v1", "Authorization", OPENAI_ANSWER, OPENAI_MODELS),
			new Fake("anthropic", "/anthropic", "x-api-key", """
					{"id":"msg_1","type":"message","role":"assistant","model":"claude-3-5-haiku-20241022",
					 "content":[{"type":"text","text":"Hi"}],"stop_reason":"end_turn",
					 "usage":{"input_tokens":3,"output_tokens":1}}""", """
					{"data":[{"type":"model","id":"claude-3-5-haiku-20241022"}],"has_more":false}"""),
			new Fake("gemini", "/gemini", "x-goog-api-key", """
					{"candidates":[{"content":{"parts":[{"text":"Hi"}],"role":"model"},"finishReason":"STOP"}],
					 "usageMetadata":{"promptTokenCount":3,"candidatesTokenCount":1,"totalTokenCount":4},
					 "modelVersion":"gemini-2.0-flash-001"}""", """
					{"models":[{"name":"models/gemini-2.0-flash"}]}"""),
			new Fake("groq", "/groq/openai/v1", "Authorization", OPENAI_ANSWER, OPENAI_MODELS),
			new Fake("mistral", "/mistral/v1", "Authorization", OPENAI_ANSWER, OPENAI_MODELS));

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final boolean redaction;

	private final HttpClientType httpClient;

	private final Path directory;

	/** A Redis for the shared-state call path, or {@code -1} when the machine has none. */
	private final int redisPort = RedisServers.portIfAny();

	private final String redisPrefix = RedisServers.uniquePrefix();

	private final Canaries canaries = Canaries.create();

	private final Evidence evidence = new Evidence();

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	private WireMockServer server;

	private String actuator;

	private Path geminiKeyFile;

	LeakCanaryScenario(boolean redaction, Path directory) {
		this(redaction, directory, HttpClientType.REST_CLIENT);
	}

	LeakCanaryScenario(boolean redaction, Path directory, HttpClientType httpClient) {
		this.redaction = redaction;
		this.httpClient = httpClient;
		this.directory = directory;
	}

	Canaries canaries() {
		return this.canaries;
	}

	/**
	 * Run the application, drive it, close it, and return what could be seen.
	 * @param output the captured stdout and stderr of the test
	 * @return the evidence
	 */
	Evidence run(CapturedOutput output) throws Exception {
		Path logFile = this.directory.resolve("logs/application.log");
		Map<java.util.logging.Logger, Level> julLevels = julAtTrace();
		this.server = new WireMockServer(WireMockConfiguration.options()
			.bindAddress("127.0.0.1")
			.dynamicPort()
			.containerThreads(20)
			.jettyStopTimeout(0L));
		this.server.start();
		System.setProperty("GROQ_API_KEY", this.canaries.groq() + "," + this.canaries.groqSecond());
		try (ConfigurableApplicationContext context = application(logFile).run(arguments())) {
			int port = ((WebServerApplicationContext) context).getWebServer().getPort();
			this.actuator = "http://127.0.0.1:" + port + "/actuator";
			drive(context);
			callEveryEndpoint();
			describeStarterObjects(context);
			this.evidence.requests.addAll(this.server.getAllServeEvents().stream().map(ServeEvent::getRequest)
				.toList());
			// The fake server goes first, so nothing it still serves can log after the application closed.
			this.server.stop();
		}
		finally {
			System.clearProperty("GROQ_API_KEY");
			if (this.server.isRunning()) {
				this.server.stop();
			}
			julLevels.forEach(java.util.logging.Logger::setLevel);
		}
		this.evidence.add("stdout", output.getOut());
		this.evidence.add("stderr", output.getErr());
		this.evidence.add("log file " + logFile, Files.readString(logFile, StandardCharsets.UTF_8));
		if (this.redisPort > 0) {
			this.evidence.add("Redis keys and values", String.join("\n", RedisServers.entries(this.redisPort,
					this.redisPrefix)));
			RedisServers.clean(this.redisPort, this.redisPrefix);
		}
		for (LoggedRequest request : this.evidence.requests) {
			this.evidence.add("URL of " + request.getMethod() + " " + request.getUrl(), request.getAbsoluteUrl());
			this.evidence.add("body of " + request.getMethod() + " " + request.getUrl(), request.getBodyAsString());
		}
		return this.evidence;
	}

	private SpringApplicationBuilder application(Path logFile) throws IOException {
		Path geminiKey = Files.writeString(Files.createDirectories(this.directory.resolve("secrets"))
			.resolve("gemini_api_key"), this.canaries.gemini() + "\n");
		this.geminiKeyFile = geminiKey;
		Map<String, Object> environment = new LinkedHashMap<>(System.getenv());
		environment.put("ANTHROPIC_API_KEY", this.canaries.anthropic());
		environment.put("GEMINI_API_KEY_FILE", geminiKey.toString());
		environment.put("LEGACY_LLM_TOKEN", this.canaries.mistral());
		environment.put("PARACLE_PROVIDERS_COHERE_APIKEY", this.canaries.inactive());
		List<String> properties = new ArrayList<>(List.of("server.address=127.0.0.1", "server.port=0",
				"logging.config=classpath:leak-canary-logback.xml", "logging.file.name=" + logFile,
				// one file for the whole run (Boot rolls at 10MB by default): the test reads every line of it
				"logging.logback.rollingpolicy.max-file-size=1GB",
				"logging.level.root=TRACE", "management.endpoints.web.exposure.include=*",
				"management.endpoint.env.show-values=always", "management.endpoint.configprops.show-values=always",
				"management.endpoint.health.show-details=always", "management.prometheus.metrics.export.enabled=true",
				"paracle.keys.redaction.enabled=" + this.redaction, "paracle.keys.dotenv.enabled=false",
				"paracle.http.client=" + this.httpClient.name().toLowerCase(Locale.ROOT).replace('_', '-'),
				"paracle.providers.openai.key-created=2020-01-01",
				"paracle.providers.gemini.key-created=" + LocalDate.now(), "paracle.providers.cohere.enabled=false",
				"paracle.routes.canary-route.providers=openai,anthropic",
				"paracle.langchain4j.chat-models.log-requests=true",
				"paracle.langchain4j.chat-models.log-responses=true"));
		WIRE_LOGGERS.forEach((name) -> properties.add("logging.level." + name + "=TRACE"));
		if (this.redisPort > 0) {
			// the shared-state call path too: key state, the shared limit and a budget in Redis
			properties.addAll(List.of("paracle.shared-state.store=redis", "spring.data.redis.host=127.0.0.1",
					"spring.data.redis.port=" + this.redisPort, "paracle.shared-state.key-prefix=" + this.redisPrefix,
					"paracle.providers.openai.rate-limit.requests-per-minute=10000",
					"paracle.providers.openai.budget.tokens-per-day=100000000"));
		}
		// Spring AI's own auto-configured OpenAI, Anthropic and Gemini models, on the same fakes (paracle supplies their keys)
		properties.add("spring.ai.openai.base-url=http://127.0.0.1:" + this.server.port() + "/openai/v1");
		properties.add("spring.ai.anthropic.base-url=http://127.0.0.1:" + this.server.port() + "/anthropic");
		// Spring AI's Gemini model: its SDK client is paracle's, on paracle.providers.gemini.base-url
		properties.add("spring.ai.google.genai.chat.model=gemini-2.0-flash");
		for (Fake fake : FAKES) {
			String prefix = "paracle.providers." + fake.name() + ".";
			properties.add(prefix + "base-url=http://127.0.0.1:" + this.server.port() + fake.basePath());
			properties.add(prefix + "timeout=" + READ_TIMEOUT.toMillis() + "ms");
			properties.add(prefix + "max-retries=1");
			properties.add(prefix + "retry-backoff=10ms");
		}
		return new SpringApplicationBuilder(App.class).web(WebApplicationType.SERVLET)
			.properties(properties.toArray(String[]::new))
			.initializers((context) -> {
				// An environment variable source like the real one, with the canary variables added.
				MutablePropertySources sources = context.getEnvironment().getPropertySources();
				sources.replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
						new SystemEnvironmentPropertySource(
								StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, environment));
			});
	}

	private String[] arguments() throws IOException {
		Path config = Files.writeString(this.directory.resolve("application-canary.properties"),
				"paracle.providers.openai.api-key=" + this.canaries.openai() + "\n");
		return new String[] { "--spring.config.additional-location=file:" + config,
				"--paracle.providers.mistral.api-key=" + this.canaries.mistral() };
	}

	/**
	 * Every logger at TRACE includes the JDK's: they log through System.Logger to java.util.logging, which Boot
	 * bridges to Logback but whose levels it leaves alone.
	 */
	private Map<java.util.logging.Logger, Level> julAtTrace() {
		// held here while the application runs: java.util.logging forgets the level of a logger nobody holds
		Map<java.util.logging.Logger, Level> previous = new LinkedHashMap<>();
		for (String name : List.of("", "jdk.httpclient.HttpClient", "jdk.internal.httpclient.debug",
				"org.apache")) {
			java.util.logging.Logger logger = java.util.logging.Logger.getLogger(name);
			previous.put(logger, logger.getLevel());
			logger.setLevel(Level.ALL);
		}
		return previous;
	}

	private void drive(ConfigurableApplicationContext context) throws InterruptedException, IOException {
		LlmProviders registry = context.getBean(LlmProviders.class);
		this.evidence.providerNames.addAll(registry.names());
		Map<String, LlmProvider> providers = new LinkedHashMap<>();
		providers.put("openai", context.getBean(OpenAiProvider.class));
		providers.put("anthropic", context.getBean(AnthropicProvider.class));
		providers.put("gemini", context.getBean(GeminiProvider.class));
		providers.put("groq", context.getBean(GroqProvider.class));
		providers.put("mistral", context.getBean(MistralProvider.class));
		LlmProvider mistral = registry.get("mistral");
		LlmProvider route = registry.get("canary-route");
		ChatRequest perCall = ChatRequest.builder().user("Hello").apiKey(this.canaries.perCall()).build();

		for (Fake fake : FAKES) {
			answer(fake);
			LlmProvider provider = providers.get(fake.name());
			call(fake.name() + " success chat", () -> provider.chat("Hello"));
			call(fake.name() + " success listModels", provider::listModels);
			call(fake.name() + " success verifyKey", provider::verifyKey);
			StubMapping streamStub = stream(fake, false);
			call(fake.name() + " success stream", () -> readStream(provider));
			this.server.removeStub(streamStub);
		}
		call("mistral per-call key success chat", () -> mistral.chat(perCall));
		call("route success chat", () -> route.chat("Hello"));
		call("route success verifyKey", route::verifyKey);
		call("route keyDescription", route::keyDescription);
		for (String name : LANGCHAIN4J) {
			ChatModel model = context.getBean(name + "LangChain4jChatModel", ChatModel.class);
			call("langchain4j " + name + " success chat", () -> model.chat("Hello"));
		}
		for (String springAi : SPRING_AI_MODELS) {
			springAiCall(context, springAi, "success");
		}
		this.evidence.healthBeforeRejections = fetch("/health/paracle");
		this.evidence.endpointBeforeRejections = fetch("/paracle");

		// An error event after two chunks, whose message echoes the key back: the stream's typed exception
		for (Fake fake : FAKES) {
			StubMapping streamStub = stream(fake, true);
			call(fake.name() + " error event stream", () -> readStream(providers.get(fake.name())));
			this.server.removeStub(streamStub);
		}

		// Rotation: a new key in the secret file, re-read through the endpoint, used by the next call.
		Files.writeString(this.geminiKeyFile, this.canaries.rotated() + "\n");
		this.evidence.rotation = send("POST", "/paracle");
		call("gemini rotated success chat", () -> providers.get("gemini").chat("Hello"));

		for (Fake fake : FAKES) {
			fail(fake, aResponse().withStatus(200).withHeader("Content-Type", "application/json")
				.withBody(rawKey(fake) + " is not JSON"));
			call(fake.name() + " garbled 200 chat", () -> providers.get(fake.name()).chat("Hello"));
		}
		for (Fake fake : FAKES) {
			fail(fake, aResponse().withStatus(500).withBody(echo(fake, "internal error while serving key")));
			call(fake.name() + " 500 chat", () -> providers.get(fake.name()).chat("Hello"));
			langChain4j(context, fake.name(), "500");
		}
		// every member answers 500 echoing its key: one exception with each member's message
		call("route 500 chat", () -> route.chat("Hello"));
		// Spring AI's models through the same 500 (retried once by paracle, then the SDK's own exception)
		for (String springAi : List.of("openAiChatModel", "anthropicChatModel", "googleGenAiChatModel")) {
			springAiCall(context, springAi, "500");
		}
		// Read timeouts of all providers at once: each waits the timeout twice (one retry).
		List<Thread> waiting = new ArrayList<>();
		for (Fake fake : FAKES) {
			fail(fake, okJson(fake.chatAnswer()).withFixedDelay((int) READ_TIMEOUT.toMillis() * 2));
			Thread thread = new Thread(
					() -> call(fake.name() + " timeout chat", () -> providers.get(fake.name()).chat("Hello")));
			thread.start();
			waiting.add(thread);
		}
		for (Thread thread : waiting) {
			thread.join();
		}
		for (Fake fake : FAKES) {
			fail(fake, aResponse().withStatus(429)
				.withHeader("Retry-After", String.valueOf(RETRY_AFTER_SECONDS))
				.withBody(echo(fake, "Rate limit reached for key")));
			call(fake.name() + " 429 chat", () -> providers.get(fake.name()).chat("Hello"));
		}
		// The keys cool down for Retry-After; a 401 needs a key that is usable again.
		Thread.sleep(RETRY_AFTER_SECONDS * 1000L + 200L);
		// Spring AI's models through a 429 that echoes the key (TransientAiException), and a cool-down again
		// (Gemini's named model: Spring AI's auto-configured one would retry the TransientAiException itself)
		for (String springAi : List.of("openAiChatModel", "anthropicChatModel", "geminiSpringAiChatModel")) {
			springAiCall(context, springAi, "429");
		}
		Thread.sleep(RETRY_AFTER_SECONDS * 1000L + 200L);
		for (Fake fake : FAKES) {
			fail(fake, aResponse().withStatus(401).withBody(echo(fake, "Incorrect API key provided:")));
			if (fake.name().equals("openai") || fake.name().equals("anthropic")) {
				// Spring AI first: its request carries the key and the answer echoes it (NonTransientAiException)
				springAiCall(context, fake.name().equals("openai") ? "openAiChatModel" : "anthropicChatModel",
						"401");
			}
			if (fake.name().equals("gemini")) {
				springAiCall(context, "googleGenAiChatModel", "401");
			}
			if (fake.name().equals("mistral")) {
				call("mistral per-call key 401 chat", () -> mistral.chat(perCall));
			}
			langChain4j(context, fake.name(), "401");
			// before the first byte: the stream is refused as a chat is (the key is rejected, the next one tried)
			call(fake.name() + " 401 stream", () -> readStream(providers.get(fake.name())));
			call(fake.name() + " 401 chat", () -> providers.get(fake.name()).chat("Hello"));
			call(fake.name() + " 401 verifyKey", () -> providers.get(fake.name()).verifyKey());
		}
		// every member's key is refused now: one exception naming each member's fingerprint
		call("route 401 chat", () -> route.chat("Hello"));
		call("route 401 verifyKey", route::verifyKey);
	}

	/**
	 * A stream, then a chat through the configuration's LangChain4j beans (when it has them), with LangChain4j's
	 * request and response logging on.
	 */
	private void langChain4j(ConfigurableApplicationContext context, String name, String phase) {
		if (!LANGCHAIN4J.contains(name)) {
			return;
		}
		StreamingChatModel streaming = context.getBean(name + "LangChain4jStreamingChatModel", StreamingChatModel.class);
		call("langchain4j " + name + " " + phase + " stream", () -> stream(streaming));
		ChatModel model = context.getBean(name + "LangChain4jChatModel", ChatModel.class);
		call("langchain4j " + name + " " + phase + " chat", () -> model.chat("Hello"));
	}

	private static Object stream(StreamingChatModel model) {
		CompletableFuture<Object> result = new CompletableFuture<>();
		model.chat("Hello", new StreamingChatResponseHandler() {

			@Override
			public void onPartialResponse(String partialResponse) {
			}

			@Override
			public void onCompleteResponse(dev.langchain4j.model.chat.response.ChatResponse response) {
				result.complete(response);
			}

			@Override
			public void onError(Throwable error) {
				result.completeExceptionally(error);
			}

		});
		try {
			return result.get(30, TimeUnit.SECONDS);
		}
		catch (ExecutionException ex) {
			throw (ex.getCause() instanceof RuntimeException runtime) ? runtime : new IllegalStateException(ex);
		}
		catch (InterruptedException | TimeoutException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * One call of a Spring AI chat model bean through a {@link ChatClient} with Spring AI's
	 * {@link SimpleLoggerAdvisor} (it logs the request and the answer at DEBUG).
	 */
	private void springAiCall(ConfigurableApplicationContext context, String bean, String label) {
		org.springframework.ai.chat.model.ChatModel model = context.getBean(bean,
				org.springframework.ai.chat.model.ChatModel.class);
		ChatClient client = ChatClient.builder(model).defaultAdvisors(new SimpleLoggerAdvisor()).build();
		call("spring-ai " + bean + " " + label + " chat", () -> client.prompt("Hello").call().content());
	}

	/** Stub the fake provider to answer well: chat on POST, the model list on GET. */
	private void answer(Fake fake) {
		this.server.stubFor(post(urlPathMatching(fake.basePath() + "/.*")).willReturn(okJson(fake.chatAnswer())));
		this.server.stubFor(get(urlPathMatching(fake.basePath() + "/.*")).willReturn(okJson(fake.modelsAnswer())));
	}

	/**
	 * Stub the fake provider's streams (requests that accept {@code text/event-stream}): two text chunks, then the
	 * end, or an error event whose message echoes the key.
	 */
	private StubMapping stream(Fake fake, boolean errorEvent) {
		String chunks;
		String end;
		String error = "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded, key "
				+ rawKey(fake) + "\"}}";
		switch (fake.name()) {
			case "anthropic" -> {
				chunks = "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"model\":\"canary-model\","
						+ "\"usage\":{\"input_tokens\":3}}}\n\n" + anthropicText("Hello") + anthropicText(" world");
				end = "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\"},"
						+ "\"usage\":{\"output_tokens\":2}}\n\nevent: message_stop\ndata: {\"type\":\"message_stop\"}\n\n";
				error = "event: error\ndata: " + error + "\n\n";
			}
			case "gemini" -> {
				chunks = geminiText("Hello") + geminiText(" world");
				end = "";
				error = "data: {\"error\":{\"code\":503,\"message\":\"Overloaded, key " + rawKey(fake)
						+ "\",\"status\":\"UNAVAILABLE\"}}\n\n";
			}
			default -> {
				chunks = openAiText("Hello") + openAiText(" world");
				end = "data: {\"choices\":[],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":2}}\n\n"
						+ "data: [DONE]\n\n";
				error = "data: {\"error\":{\"message\":\"Server error, key " + rawKey(fake)
						+ "\",\"type\":\"server_error\"}}\n\n";
			}
		}
		return this.server.stubFor(any(urlPathMatching(fake.basePath() + "/.*"))
			.withHeader("Accept", equalTo("text/event-stream"))
			.atPriority(1)
			.willReturn(aResponse().withStatus(200)
				.withHeader("Content-Type", "text/event-stream")
				.withBody(chunks + (errorEvent ? error : end))
				.withTransformers("response-template")));
	}

	private static String openAiText(String text) {
		return "data: {\"model\":\"canary-model\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"" + text
				+ "\"},\"finish_reason\":null}]}\n\n";
	}

	private static String anthropicText(String text) {
		return "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":"
				+ "{\"type\":\"text_delta\",\"text\":\"" + text + "\"}}\n\n";
	}

	private static String geminiText(String text) {
		return "data: {\"candidates\":[{\"content\":{\"parts\":[{\"text\":\"" + text
				+ "\"}],\"role\":\"model\"}}],\"modelVersion\":\"canary-model\"}\n\n";
	}

	/** Read a whole stream: its text, last chunk and description, as a caller would show them. */
	private static Object readStream(LlmProvider provider) {
		try (ChatStream stream = provider.stream("Hello")) {
			for (ChatChunk chunk : stream) {
				// read to the end
			}
			return List.of(stream.text(), String.valueOf(stream.lastChunk()), stream.toString(),
					String.valueOf(stream.keyFingerprint()), stream.model());
		}
	}

	/** Stub the fake provider to answer every request so (the latest stub wins); bodies may echo the request. */
	private void fail(Fake fake, ResponseDefinitionBuilder response) {
		this.server.stubFor(any(urlPathMatching(fake.basePath() + "/.*"))
			.willReturn(response.withTransformers("response-template")));
	}

	/** An error body that echoes the key the request carried, as some providers do. */
	private static String echo(Fake fake, String message) {
		return "{\"error\":{\"message\":\"" + message + " {{request.headers.[" + fake.keyHeader()
				+ "]}}\",\"type\":\"canary\"}}";
	}

	/** The key the request carried, without the {@code Bearer } of an Authorization header. */
	private static String rawKey(Fake fake) {
		return fake.keyHeader().equals("Authorization") ? "{{replace request.headers.Authorization 'Bearer ' ''}}"
				: "{{request.headers.[" + fake.keyHeader() + "]}}";
	}

	private void call(String label, Supplier<Object> call) {
		Object outcome;
		try {
			outcome = call.get();
		}
		catch (RuntimeException ex) {
			outcome = ex;
		}
		synchronized (this.evidence) {
			this.evidence.outcomes.put(label, outcome);
			if (outcome instanceof RuntimeException ex) {
				this.evidence.add(label + " exception message", String.valueOf(ex.getMessage()));
				this.evidence.add(label + " exception toString", ex.toString());
				StringWriter trace = new StringWriter();
				ex.printStackTrace(new PrintWriter(trace));
				this.evidence.add(label + " exception stack trace", trace.toString());
				this.evidence.add(label + " exception JSON", json(ex));
			}
			else {
				this.evidence.add(label + " result toString", String.valueOf(outcome));
				this.evidence.add(label + " result JSON", json(outcome));
			}
		}
	}

	/** GET /actuator, then every link it lists (templates filled in), then POST /actuator/paracle. */
	private void callEveryEndpoint() {
		JsonNode links = JSON.readTree(fetch("").body()).path("_links");
		List<String> metricNames = new ArrayList<>();
		// Every meter of the starter and of the HTTP clients and server (the ones with key-related tags); the JVM
		// and process meters would only make the run slower.
		JSON.readTree(fetch("/metrics").body()).path("names").forEach((name) -> {
			if (METERS.matcher(name.stringValue()).lookingAt()) {
				metricNames.add(name.stringValue());
			}
		});
		for (Map.Entry<String, JsonNode> link : links.properties()) {
			String id = link.getKey();
			String href = link.getValue().path("href").stringValue();
			String path = href.substring(this.actuator.length());
			if (SKIPPED_ENDPOINTS.contains(id)) {
				continue;
			}
			if (WRITE_ONLY_ENDPOINTS.contains(id)) {
				send("POST", path);
				continue;
			}
			if (!link.getValue().path("templated").asBoolean()) {
				fetch(path);
				continue;
			}
			Matcher template = TEMPLATE.matcher(path);
			if (!template.find()) {
				throw new IllegalStateException("Templated link " + id + " without a template: " + href);
			}
			for (String value : templateValues(id, metricNames)) {
				fetch(path.substring(0, template.start()) + value + path.substring(template.end()));
			}
		}
		this.evidence.endpointsCalled.addAll(links.propertyNames());
		this.evidence.refresh = send("POST", "/paracle");
	}

	private static List<String> templateValues(String linkId, List<String> metricNames) {
		return switch (linkId) {
			case "paracle-provider" -> concat(PROVIDERS, "cohere", "unknown");
			case "env-toMatch" -> List.of("OPENAI_API_KEY", "ANTHROPIC_API_KEY", "GEMINI_API_KEY_FILE", "GROQ_API_KEY",
					"MISTRAL_API_KEY", "LEGACY_LLM_TOKEN", "PARACLE_PROVIDERS_COHERE_APIKEY",
					"paracle.providers.openai.api-key", "paracle.providers.mistral.api-key",
					"paracle.providers.cohere.api-key", "paracle.providers.groq.api-keys");
			case "configprops-prefix" -> List.of("paracle", "paracle.providers", "paracle.providers.openai");
			case "health-path" -> concat(PROVIDERS.stream().map((name) -> "paracle/" + name).toList(), "paracle");
			case "metrics-requiredMetricName" -> metricNames;
			case "loggers-name" -> List.of("ROOT", "io.paracle.keys", "jdk.httpclient.HttpClient");
			case "caches-cache" -> List.of("paracle");
			case "sbom-id" -> List.of("application");
			default -> throw new IllegalStateException("The actuator lists a templated link '" + linkId
					+ "' this test does not know: add the values to call it with");
		};
	}

	private static List<String> concat(List<String> values, String... more) {
		List<String> all = new ArrayList<>(values);
		all.addAll(List.of(more));
		return all;
	}

	/** toString and JSON of what the starter hands out: providers, key descriptions, keys, configurations. */
	private void describeStarterObjects(ConfigurableApplicationContext context) {
		LlmProviders providers = context.getBean(LlmProviders.class);
		ApiKeyResolver resolver = context.getBean(ApiKeyResolver.class);
		this.evidence.add("LlmProviders toString", providers.toString());
		for (LlmProvider provider : providers.all()) {
			this.evidence.add(provider.name() + " provider toString", provider.toString());
			this.evidence.add(provider.name() + " keyDescription toString", provider.keyDescription().toString());
			this.evidence.add(provider.name() + " keyDescription JSON", json(provider.keyDescription()));
			if (provider instanceof LlmRoute) {
				// a route has no keys of its own: its members' are described as providers
				continue;
			}
			this.evidence.add(provider.name() + " keys toString", resolver.keys(provider.name()).toString());
			this.evidence.add(provider.name() + " keys JSON", json(resolver.keys(provider.name())));
			resolver.keys(provider.name()).keys().forEach((key) -> {
				this.evidence.add(provider.name() + " ApiKey toString", key.toString());
				this.evidence.add(provider.name() + " ApiKey JSON", json(key));
			});
		}
		this.evidence.add("configurations toString", resolver.configurations().toString());
		ParacleProperties properties = context.getBean(ParacleProperties.class);
		this.evidence.add("ParacleProperties toString", properties.toString());
		this.evidence.add("ParacleProperties JSON", json(properties));
		this.evidence.add("ParacleProperties JSON (application's mapper)",
				context.getBean(JsonMapper.class).writeValueAsString(properties));
		ChatRequest perCall = ChatRequest.builder().user("Hello").apiKey(this.canaries.perCall()).build();
		this.evidence.add("per-call ChatRequest toString", perCall.toString());
		this.evidence.add("per-call ApiKey JSON", json(perCall.apiKey()));
	}

	private static String json(Object value) {
		try {
			return JSON.writeValueAsString(value);
		}
		catch (RuntimeException ex) {
			return "(not serializable: " + ex.getMessage() + ")";
		}
	}

	private Response fetch(String path) {
		return send("GET", path);
	}

	private Response send(String method, String path) {
		HttpRequest request = HttpRequest.newBuilder(URI.create(this.actuator + path))
			.method(method, HttpRequest.BodyPublishers.noBody())
			.timeout(Duration.ofSeconds(20))
			.build();
		try {
			HttpResponse<String> response = this.http.send(request, HttpResponse.BodyHandlers.ofString());
			Response result = new Response(response.statusCode(), response.headers().map().toString(),
					response.body());
			String label = method + " /actuator" + path;
			this.evidence.responses.put(label, result);
			this.evidence.add(label + " headers", result.headers());
			this.evidence.add(label + " body", result.body());
			return result;
		}
		catch (IOException ex) {
			throw new IllegalStateException(method + " " + path + " failed", ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * The canary keys of one run: a new random part per run, so a line logged late by one run can never be
	 * mistaken for a line of another.
	 *
	 * @param openai OpenAI, from a config file
	 * @param anthropic Anthropic, from the environment variable {@code ANTHROPIC_API_KEY}
	 * @param gemini Gemini, from the file named by {@code GEMINI_API_KEY_FILE}
	 * @param groq Groq's first key, from the system property {@code GROQ_API_KEY}
	 * @param groqSecond Groq's second key, same source
	 * @param mistral Mistral, from a command-line argument; no provider shape
	 * @param perCall a per-call key for Mistral; no provider shape
	 * @param inactive the key of a switched-off provider in an environment variable; no provider shape
	 * @param rotated Gemini's key after a rotation (written to the same file); no provider shape
	 */
	record Canaries(String openai, String anthropic, String gemini, String groq, String groqSecond, String mistral,
			String perCall, String inactive, String rotated) {

		static Canaries create() {
			byte[] random = new byte[8];
			new SecureRandom().nextBytes(random);
			String run = HexFormat.of().formatHex(random);
			return new Canaries("sk-canary-openai-" + run, "sk-ant-canary-" + run, "AIzaCanaryGemini" + run,
					"gsk_canaryOne" + run, "gsk_canaryTwo" + run, "CanaryMistral" + run, "CanaryPerCall" + run,
					"CanaryInactiveCohere" + run, "CanaryRotatedGemini" + run);
		}

		Map<String, String> all() {
			Map<String, String> all = new LinkedHashMap<>();
			all.put("openai", this.openai);
			all.put("anthropic", this.anthropic);
			all.put("gemini", this.gemini);
			all.put("groq", this.groq);
			all.put("groq (second key)", this.groqSecond);
			all.put("mistral", this.mistral);
			all.put("per-call", this.perCall);
			all.put("inactive cohere", this.inactive);
			all.put("rotated gemini", this.rotated);
			return all;
		}

	}

	/**
	 * Everything one run made visible, by where it was seen.
	 */
	static final class Evidence {

		final Map<String, String> texts = new LinkedHashMap<>();

		final Map<String, Object> outcomes = new LinkedHashMap<>();

		final Map<String, Response> responses = new LinkedHashMap<>();

		final List<LoggedRequest> requests = new ArrayList<>();

		final Set<String> providerNames = new LinkedHashSet<>();

		final Set<String> endpointsCalled = new LinkedHashSet<>();

		Response healthBeforeRejections;

		Response endpointBeforeRejections;

		Response rotation;

		Response refresh;

		void add(String where, String text) {
			String key = where;
			for (int i = 2; this.texts.containsKey(key); i++) {
				key = where + " #" + i;
			}
			this.texts.put(key, text);
		}

		String text(String where) {
			return this.texts.get(where);
		}

		/**
		 * Return every place a value occurs, with a little context around it.
		 * @param value the value to look for
		 * @return "where: ...context..." for each occurrence
		 */
		List<String> occurrences(String value) {
			List<String> found = new ArrayList<>();
			this.texts.forEach((where, text) -> {
				for (int at = text.indexOf(value); at >= 0; at = text.indexOf(value, at + 1)) {
					int from = Math.max(0, at - 60);
					int to = Math.min(text.length(), at + value.length() + 20);
					found.add(where + ": ..." + text.substring(from, to).replace('\n', ' ') + "...");
				}
			});
			return found;
		}

	}

	/**
	 * One actuator answer.
	 */
	record Response(int status, String headers, String body) {

	}

	/**
	 * The fake of one provider: where its base URL points, and the header that carries its key.
	 */
	private record Fake(String name, String basePath, String keyHeader, String chatAnswer, String modelsAnswer) {

	}

	/**
	 * The application: every auto-configuration of the test class path, an audit event repository and an HTTP
	 * exchange repository (so those endpoints exist), and a wire logger of the kind users add to see what their
	 * HTTP clients send: it logs every request header at DEBUG. Boot's audit auto-configuration also wants
	 * Spring Security's listeners, so its one other bean is declared here.
	 */
	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration(exclude = AuditAutoConfiguration.class)
	static class App {

		private static final Log wireLogger = LogFactory.getLog("com.example.wire.RequestHeaderLogger");

		@Bean
		InMemoryAuditEventRepository auditEventRepository() {
			return new InMemoryAuditEventRepository();
		}

		@Bean
		AuditListener auditListener(AuditEventRepository repository) {
			return new AuditListener(repository);
		}

		@Bean
		InMemoryHttpExchangeRepository httpExchangeRepository() {
			return new InMemoryHttpExchangeRepository();
		}

		@Bean
		LlmProviderRestClientCustomizer requestHeaderLogger() {
			return (name, builder) -> builder.requestInterceptor((request, body, execution) -> {
				wireLogger.debug(request.getMethod() + " " + request.getURI() + " headers " + request.getHeaders());
				return execution.execute(request, body);
			});
		}

		/** The same logger for Spring AI's OpenAI models, after paracle's interceptor put the key on. */
		@Bean
		OpenAiHttpClientBuilderCustomizer springAiOpenAiRequestHeaderLogger() {
			return (builder) -> builder.interceptor(App::logHeaders);
		}

		/** The same logger for Spring AI's Anthropic models. */
		@Bean
		AnthropicHttpClientBuilderCustomizer springAiAnthropicRequestHeaderLogger() {
			return (builder) -> builder.interceptor(App::logHeaders);
		}

		/** The same logger for Spring AI's Gemini models (the SDK client paracle builds). */
		@Bean
		io.paracle.keys.springai.GoogleGenAiHttpClientCustomizer springAiGeminiRequestHeaderLogger() {
			return (configuration, builder) -> builder.addInterceptor(App::logHeaders);
		}

		private static okhttp3.Response logHeaders(okhttp3.Interceptor.Chain chain) throws IOException {
			okhttp3.Request request = chain.request();
			wireLogger.debug(request.method() + " " + request.url() + " headers " + request.headers().toMultimap());
			return chain.proceed(request);
		}

		/** The same logger for {@code paracle.http.client=direct}, after HttpClient added its own headers. */
		@Bean
		LlmProviderHttpClientCustomizer directRequestHeaderLogger() {
			return (name, builder) -> builder.addRequestInterceptorLast((request, entity, context) -> wireLogger
				.debug(request.getMethod() + " " + request.getRequestUri() + " headers "
						+ Arrays.toString(request.getHeaders())));
		}

	}

}
