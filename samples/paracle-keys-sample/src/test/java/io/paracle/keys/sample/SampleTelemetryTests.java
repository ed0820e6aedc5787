package io.paracle.keys.sample;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.github.tomakehurst.wiremock.WireMockServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A route through the sample ({@code ?provider=fast}) and the telemetry behind the Grafana dashboard: after real
 * calls (a route falling over on 503, a 429, a 401), every series that the dashboard
 * ({@code samples/deploy/grafana/paracle-keys.json}) and the alert rules ({@code samples/deploy/prometheus/
 * alert-rules.yml}) query is in the sample's {@code /actuator/prometheus} scrape.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
@ActiveProfiles("dev")
class SampleTelemetryTests {

	private static final String CHAT = "/v1/chat/completions";

	private static final String PRIMARY = "sk-sample-route-primary-0001";

	private static final String BACKUP = "sk-sample-route-backup-0002";

	private static final String LIMITED = "sk-sample-route-limited-0003";

	private static final String REVOKED = "sk-sample-route-revoked-0004";

	private static final String ANSWER = """
			{"id":"chatcmpl-1","object":"chat.completion","model":"gpt-4o-mini-2024-07-18",
			 "choices":[{"index":0,"message":{"role":"assistant","content":"from the backup"},"finish_reason":"stop"}],
			 "usage":{"prompt_tokens":5,"completion_tokens":4,"total_tokens":9}}""";

	/**
	 * Series the dashboard queries that this scrape cannot have, each with why; everything else must be exported.
	 */
	private static final Map<String, String> NOT_IN_THIS_SCRAPE = Map.of(
			"gen_ai_client_operation_time_to_first_chunk_seconds_bucket",
			"recorded by streamed calls only (LlmProvider.stream, docs/clients-and-metrics.md)",
			"paracle_secrets_refresh_failures_total", "exported only when paracle.secrets.backend names a store",
			"paracle_secrets_store_up", "exported only when paracle.secrets.backend names a store");

	private static final Set<String> PROMQL_WORDS = Set.of("sum", "min", "max", "avg", "count", "rate", "increase",
			"irate", "histogram_quantile", "by", "without", "on", "ignoring", "group_left", "group_right", "and", "or",
			"unless", "bool", "offset", "le", "inf", "nan");

	private static final WireMockServer openAi = start();

	private static final JsonMapper json = JsonMapper.builder().build();

	private final HttpClient http = HttpClient.newHttpClient();

	@LocalServerPort
	int port;

	@DynamicPropertySource
	static void providers(DynamicPropertyRegistry registry) {
		String baseUrl = "http://127.0.0.1:" + openAi.port() + "/v1";
		registry.add("paracle.keys.dotenv.enabled", () -> "false");
		registry.add("paracle.providers.openai.base-url", () -> baseUrl);
		registry.add("paracle.providers.openai.api-key", () -> PRIMARY);
		registry.add("paracle.providers.openai.max-retries", () -> "0");
		registry.add("paracle.providers.openai.key-created", () -> "2026-01-01");
		for (String[] configuration : new String[][] { { "backup", BACKUP }, { "limited", LIMITED },
				{ "revoked", REVOKED } }) {
			registry.add("paracle.providers." + configuration[0] + ".type", () -> "openai");
			registry.add("paracle.providers." + configuration[0] + ".base-url", () -> baseUrl);
			registry.add("paracle.providers." + configuration[0] + ".api-key", () -> configuration[1]);
		}
		registry.add("paracle.routes.fast.providers", () -> "openai,backup");
	}

	@AfterAll
	static void stop() {
		openAi.stop();
	}

	@Test
	void aRouteAnswersThroughItsNextMemberAndTheDashboardQueriesOnlyExportedSeries() throws Exception {
		answer(PRIMARY, aResponse().withStatus(503).withBody("{}"));
		answer(BACKUP, aResponse().withStatus(200)
			.withHeader("Content-Type", "application/json")
			.withHeader("x-ratelimit-remaining-requests", "4999")
			.withBody(ANSWER));
		answer(LIMITED, aResponse().withStatus(429).withHeader("Retry-After", "30").withBody("{}"));
		answer(REVOKED, aResponse().withStatus(401).withBody("{\"error\":{\"message\":\"Incorrect API key\"}}"));

		HttpResponse<String> routed = call("fast");
		assertThat(routed.statusCode()).isEqualTo(200);
		JsonNode reply = json.readTree(routed.body());
		assertThat(reply.path("reply").asString()).isEqualTo("from the backup");
		assertThat(reply.path("provider").asString()).isEqualTo("fast");
		assertThat(reply.path("answeredBy").asString()).isEqualTo("backup");
		assertThat(openAi.findAll(postRequestedFor(urlEqualTo(CHAT)).withHeader("Authorization",
				equalTo("Bearer " + PRIMARY)))).hasSize(1);
		assertThat(call("limited").statusCode()).isEqualTo(429);
		assertThat(call("revoked").statusCode()).isEqualTo(502);

		String scrape = get("/actuator/prometheus");
		// kept for samples/deploy/validate.sh, which evaluates the dashboard's expressions on it with promtool
		Files.createDirectories(Path.of("target"));
		Files.writeString(Path.of("target/telemetry-scrape.prom"), scrape);
		assertThat(scrape).containsPattern(
				"paracle_route_fallbacks_total\\{from=\"openai\",reason=\"server_error\",route=\"fast\",to=\"backup\"} 1\\.0")
			.containsPattern("api_calls_total\\{operation=\"chat\",outcome=\"server_error\",provider=\"openai\","
					+ "status=\"503\"} 1\\.0")
			.containsPattern("gen_ai_client_operation_duration_seconds_count\\{error_type=\"503\",[^}]*"
					+ "provider=\"openai\",[^}]*} 1")
			.containsPattern("gen_ai_client_token_usage_sum\\{[^}]*gen_ai_token_type=\"output\",provider=\"backup\""
					+ "[^}]*} 4\\.0");
		assertThat(seriesIn("histogram_quantile(0.95, sum by (le, provider) (rate(a_bucket{provider=~\"$p\","
				+ "le!=\"x_total\"}[$__rate_interval]))) / on (provider) group_left b_total > 3 unless c"))
			.as("the series names of an expression").containsExactly("a_bucket", "b_total", "c");
		Set<String> exported = seriesNames(scrape);
		List<String> expressions = new ArrayList<>(dashboardExpressions());
		expressions.addAll(alertRuleExpressions());
		assertThat(expressions).hasSizeGreaterThan(15);
		Set<String> queried = new TreeSet<>();
		expressions.forEach((expression) -> queried.addAll(seriesIn(expression)));
		assertThat(queried).contains("api_calls_total", "gen_ai_client_operation_duration_seconds_bucket",
				"gen_ai_client_token_usage_sum", "paracle_route_fallbacks_total", "paracle_keys_cooldowns_total",
				"paracle_keys_rejections_total", "paracle_keys_ratelimit_remaining", "paracle_key_age_days");
		Set<String> missing = new TreeSet<>(queried);
		missing.removeAll(exported);
		assertThat(missing).as("series queried by the dashboard or the alert rules but not exported")
			.isSubsetOf(NOT_IN_THIS_SCRAPE.keySet());
	}

	private static WireMockServer start() {
		WireMockServer server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
		server.start();
		return server;
	}

	private static void answer(String key,
			com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder response) {
		openAi.stubFor(post(urlEqualTo(CHAT)).withHeader("Authorization", equalTo("Bearer " + key))
			.willReturn(response));
	}

	private static List<String> dashboardExpressions() throws IOException {
		JsonNode dashboard = json.readTree(Files.readString(Path.of("../deploy/grafana/paracle-keys.json")));
		List<String> expressions = new ArrayList<>();
		for (JsonNode panel : dashboard.path("panels")) {
			for (JsonNode target : panel.path("targets")) {
				expressions.add(target.path("expr").asString());
			}
		}
		return expressions;
	}

	@SuppressWarnings("unchecked")
	private static List<String> alertRuleExpressions() throws IOException {
		Map<String, Object> rules = new Yaml().load(Files.readString(Path.of("../deploy/prometheus/alert-rules.yml")));
		List<String> expressions = new ArrayList<>();
		for (Map<String, Object> group : (List<Map<String, Object>>) rules.get("groups")) {
			for (Map<String, Object> rule : (List<Map<String, Object>>) group.get("rules")) {
				expressions.add(String.valueOf(rule.get("expr")));
			}
		}
		return expressions;
	}

	/**
	 * The series names a PromQL expression selects: identifiers that are not functions, keywords, label names of
	 * a grouping or matcher, or inside a string.
	 */
	static Set<String> seriesIn(String expression) {
		String stripped = expression.replaceAll("\"[^\"]*\"", "\"\"")
			.replaceAll("\\{[^}]*}", " ")
			.replaceAll("\\[[^]]*]", " ")
			.replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ");
		Set<String> names = new TreeSet<>();
		Matcher matcher = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*(\\s*\\()?").matcher(stripped);
		while (matcher.find()) {
			String name = matcher.group().replaceAll("[\\s(]", "");
			if (matcher.group(1) == null && !PROMQL_WORDS.contains(name.toLowerCase())) {
				names.add(name);
			}
		}
		return names;
	}

	private static Set<String> seriesNames(String scrape) {
		Set<String> names = new TreeSet<>();
		for (String line : scrape.split("\n")) {
			if (!line.isBlank() && !line.startsWith("#")) {
				names.add(line.split("[{ ]", 2)[0]);
			}
		}
		return names;
	}

	private HttpResponse<String> call(String provider) throws Exception {
		return this.http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port
				+ "/api/v1/agents/test?provider=" + provider))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{\"message\": \"test\"}"))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	private String get(String path) throws Exception {
		return this.http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path)).build(),
				HttpResponse.BodyHandlers.ofString()).body();
	}

}
