package io.paracle.keys.autoconfigure;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.langchain4j.exception.AuthenticationException;
import dev.langchain4j.exception.InternalServerException;
import io.paracle.keys.autoconfigure.LeakCanaryScenario.Canaries;
import io.paracle.keys.autoconfigure.LeakCanaryScenario.Evidence;
import io.paracle.keys.provider.ChatResponse;
import io.paracle.keys.provider.HttpClientType;
import io.paracle.keys.provider.InvalidApiKeyException;
import io.paracle.keys.provider.KeyVerification;
import io.paracle.keys.provider.ProviderUnavailableException;
import io.paracle.keys.provider.RateLimitExceededException;
import io.paracle.keys.resolve.Fingerprints;
import io.paracle.keys.route.RouteUnavailableException;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The leak canary of the whole starter (issue 6): a web application with canary keys for five providers, every
 * logger at TRACE (the JDK HttpClient's header log included), a log file, and every actuator endpoint exposed
 * with {@code show-values: always}. After success, per-call keys, 500, timeouts, 429 and 401 through the typed
 * clients and a call of every actuator endpoint over HTTP, no canary may occur in stdout, stderr, the log file,
 * any HTTP answer (headers and bodies), any exception (message, {@code toString()}, stack trace, JSON), the
 * {@code toString()} or JSON of the starter's objects, or any URL the provider server saw — while every canary
 * does occur in the request headers the provider server saw, so the keys were really used.
 * <p>
 * The same run with {@code paracle.keys.redaction.enabled=false} shows the canaries in the logs: the test can
 * fail. Runs in a JVM of its own (surefire execution {@code leak-canary}), whose system properties switch the
 * JDK HttpClient's wire logs on before any HttpClient class loads.
 */
@ExtendWith(OutputCaptureExtension.class)
class LeakCanaryTests {

	static {
		// When run alone outside Maven (IDE): the same switches as the surefire execution, early enough.
		System.getProperties().putIfAbsent("jdk.httpclient.HttpClient.log", "all");
		System.getProperties().putIfAbsent("jdk.internal.httpclient.debug", "true");
	}

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final List<String> LOGS = List.of("stdout", "stderr", "log file", "GET /actuator/logfile");

	@ParameterizedTest
	@EnumSource(HttpClientType.class)
	void noCanaryLeaksAnywhereWhileTheKeysAreReallyUsed(HttpClientType httpClient, CapturedOutput output,
			@TempDir Path directory) throws Exception {
		LeakCanaryScenario scenario = new LeakCanaryScenario(true, directory, httpClient);
		Evidence evidence = scenario.run(output);
		Canaries canaries = scenario.canaries();
		SoftAssertions softly = new SoftAssertions();
		canaries.all()
			.forEach((which, canary) -> softly.assertThat(evidence.occurrences(canary))
				.as("places where the %s canary leaked", which)
				.isEmpty());
		softly.assertAll();
		// ... and the run really did what could leak
		assertEveryCallWentAsPlanned(evidence);
		assertWireLogsWereWritten(evidence, canaries, httpClient);
		assertKeysTravelledInHeadersOnly(evidence, canaries);
		assertThat(evidence.endpointsCalled).contains("paracle", "paracle-provider", "env", "env-toMatch",
				"configprops", "configprops-prefix", "beans", "conditions", "health", "health-path", "metrics",
				"metrics-requiredMetricName", "prometheus", "loggers", "threaddump", "auditevents", "httpexchanges",
				"logfile", "mappings", "info");
		evidence.responses.forEach((request, response) -> assertThat(response.status()).as(request)
			.isIn(200, 404, 503));
		assertHealthAndEndpointOverHttp(evidence, canaries);
	}

	@Test
	void canariesLeakIntoTheLogsWhenRedactionIsSwitchedOffProvingTheTestCanFail(CapturedOutput output,
			@TempDir Path directory) throws Exception {
		LeakCanaryScenario scenario = new LeakCanaryScenario(false, directory);
		Evidence evidence = scenario.run(output);
		Canaries canaries = scenario.canaries();
		assertEveryCallWentAsPlanned(evidence);
		assertKeysTravelledInHeadersOnly(evidence, canaries);
		SoftAssertions softly = new SoftAssertions();
		for (String canary : usedCanaries(canaries)) {
			softly.assertThat(evidence.text("stdout").contains(canary)).as("stdout holds %s", canary).isTrue();
			softly.assertThat(logFile(evidence).contains(canary)).as("log file holds %s", canary).isTrue();
		}
		// The other layers do not depend on the switch: only the logs leak.
		canaries.all()
			.forEach((which, canary) -> softly
				.assertThat(evidence.occurrences(canary).stream().filter((place) -> !isLog(place)).toList())
				.as("places other than logs where the %s canary leaked", which)
				.isEmpty());
		softly.assertAll();
	}

	/**
	 * Health and {@code GET /actuator/paracle} as an operator sees them: UP with rotation due before, DOWN with
	 * the rejected fingerprints after the provider refused every key.
	 */
	private static void assertHealthAndEndpointOverHttp(Evidence evidence, Canaries canaries) {
		String openai = Fingerprints.of(canaries.openai());

		assertThat(evidence.healthBeforeRejections.status()).isEqualTo(200);
		JsonNode before = JSON.readTree(evidence.healthBeforeRejections.body());
		assertThat(before.path("status").stringValue()).isEqualTo("UP");
		for (String name : LeakCanaryScenario.PROVIDERS) {
			assertThat(before.path("components").path(name).path("status").stringValue()).as(name).isEqualTo("UP");
		}
		JsonNode openaiHealth = before.path("components").path("openai").path("details");
		assertThat(openaiHealth.path("rotationDue").asBoolean()).isTrue();
		assertThat(openaiHealth.path("keys").get(0).path("rotationDue").asBoolean()).isTrue();
		assertThat(before.path("components").path("gemini").path("details").path("rotationDue").asBoolean())
			.isFalse();
		assertThat(before.path("components").path("anthropic").path("details").has("rotationDue")).isFalse();

		JsonNode providers = JSON.readTree(evidence.endpointBeforeRejections.body()).path("providers");
		assertThat(providers.propertyNames()).containsExactlyInAnyOrderElementsOf(LeakCanaryScenario.PROVIDERS);
		JsonNode endpointOpenai = providers.path("openai");
		assertThat(endpointOpenai.path("status").stringValue()).isEqualTo("UP");
		assertThat(endpointOpenai.path("type").stringValue()).isEqualTo("openai");
		assertThat(endpointOpenai.path("displayName").stringValue()).isEqualTo("OpenAI");
		assertThat(endpointOpenai.path("origin").stringValue()).isEqualTo("paracle.providers.openai.api-key");
		assertThat(endpointOpenai.path("keyCount").asInt()).isEqualTo(1);
		assertThat(endpointOpenai.path("fingerprints").get(0).stringValue()).isEqualTo(openai);
		assertThat(endpointOpenai.path("keys").get(0).path("fingerprint").stringValue()).isEqualTo(openai);
		assertThat(endpointOpenai.path("keys").get(0).path("lastChanged").stringValue()).startsWith("2020-01-01");
		assertThat(endpointOpenai.path("rotationDue").asBoolean()).isTrue();
		assertThat(endpointOpenai.path("lastCall").path("outcome").stringValue()).isEqualTo("success");
		assertThat(endpointOpenai.path("lastCall").path("fingerprint").stringValue()).isEqualTo(openai);
		assertThat(providers.path("anthropic").path("origin").stringValue()).isEqualTo("ANTHROPIC_API_KEY");
		assertThat(providers.path("gemini").path("origin").stringValue()).isEqualTo("GEMINI_API_KEY_FILE");
		assertThat(providers.path("groq").path("origin").stringValue()).isEqualTo("GROQ_API_KEY");
		assertThat(providers.path("groq").path("keyCount").asInt()).isEqualTo(2);
		assertThat(providers.path("mistral").path("origin").stringValue())
			.isEqualTo("paracle.providers.mistral.api-key");

		LeakCanaryScenario.Response after = evidence.responses.get("GET /actuator/health/paracle");
		assertThat(after.status()).isEqualTo(503);
		JsonNode down = JSON.readTree(after.body());
		assertThat(down.path("status").stringValue()).isEqualTo("DOWN");
		for (String name : LeakCanaryScenario.PROVIDERS) {
			assertThat(down.path("components").path(name).path("status").stringValue()).as(name).isEqualTo("DOWN");
		}
		assertThat(strings(down.path("components").path("groq").path("details").path("rejected")))
			.containsExactlyInAnyOrder(Fingerprints.of(canaries.groq()), Fingerprints.of(canaries.groqSecond()));
		assertThat(strings(down.path("components").path("gemini").path("details").path("rejected")))
			.containsExactly(Fingerprints.of(canaries.rotated()));
		JsonNode endpointAfter = JSON.readTree(evidence.responses.get("GET /actuator/paracle/openai").body());
		assertThat(endpointAfter.path("status").stringValue()).isEqualTo("DOWN");
		assertThat(strings(endpointAfter.path("rejected"))).containsExactly(openai);
		assertThat(endpointAfter.path("lastCall").path("outcome").stringValue()).isEqualTo("auth_error");
		assertThat(endpointAfter.path("lastCall").path("status").asInt()).isEqualTo(401);
		assertThat(evidence.responses.get("GET /actuator/paracle/unknown").status()).isEqualTo(404);

		assertThat(evidence.refresh.status()).isEqualTo(200);
		assertThat(strings(JSON.readTree(evidence.refresh.body()).path("changed"))).isEmpty();
		JsonNode audit = JSON.readTree(evidence.responses.get("GET /actuator/auditevents").body()).path("events");
		List<String> types = new ArrayList<>();
		audit.forEach((event) -> types.add(event.path("type").stringValue()));
		assertThat(types).contains("API_KEY_RESOLVED", "API_KEY_ROTATED", "API_KEY_REJECTED");
	}

	private static void assertEveryCallWentAsPlanned(Evidence evidence) {
		assertThat(evidence.providerNames).containsAll(LeakCanaryScenario.PROVIDERS);
		Map<String, Object> outcomes = evidence.outcomes;
		for (String name : LeakCanaryScenario.PROVIDERS) {
			assertThat(outcomes.get(name + " success chat")).as(name).isInstanceOf(ChatResponse.class);
			assertThat(outcomes.get(name + " success listModels")).as(name).isInstanceOf(List.class);
			assertThat(outcomes.get(name + " success verifyKey")).as(name)
				.isInstanceOfSatisfying(KeyVerification.class,
						(verification) -> assertThat(verification.isValid()).isTrue());
			assertThat(outcomes.get(name + " 500 chat")).as(name)
				.isInstanceOfSatisfying(ProviderUnavailableException.class,
						(ex) -> assertThat(ex.getStatusCode()).isEqualTo(500));
			assertThat(outcomes.get(name + " timeout chat")).as(name)
				.isInstanceOfSatisfying(ProviderUnavailableException.class,
						(ex) -> assertThat(ex.getMessage()).contains("did not answer within 2s"));
			assertThat(outcomes.get(name + " 429 chat")).as(name).isInstanceOf(RateLimitExceededException.class);
			assertThat(outcomes.get(name + " 401 chat")).as(name).isInstanceOf(InvalidApiKeyException.class);
			assertThat(outcomes.get(name + " success stream")).as(name)
				.isInstanceOfSatisfying(List.class, (read) -> assertThat(read.get(0)).isEqualTo("Hello world"));
			assertThat(outcomes.get(name + " error event stream")).as(name)
				.isInstanceOfSatisfying(ProviderUnavailableException.class,
						(ex) -> assertThat(ex.getPartialText()).isEqualTo("Hello world"));
			assertThat(outcomes.get(name + " 401 stream")).as(name).isInstanceOf(InvalidApiKeyException.class);
			assertThat(outcomes.get(name + " 401 verifyKey")).as(name)
				.isInstanceOfSatisfying(KeyVerification.class,
						(verification) -> assertThat(verification.status())
							.isEqualTo(KeyVerification.Status.INVALID));
		}
		assertThat(outcomes.get("openai 429 chat")).isInstanceOfSatisfying(RateLimitExceededException.class,
				(ex) -> assertThat(ex.getRetryAfter()).isEqualTo(Duration.ofSeconds(1)));
		assertThat(outcomes.get("mistral per-call key success chat")).isInstanceOf(ChatResponse.class);
		for (String springAi : LeakCanaryScenario.SPRING_AI_MODELS) {
			assertThat(outcomes.get("spring-ai " + springAi + " success chat")).as(springAi).isEqualTo("Hi");
		}
		assertThat(outcomes.get("spring-ai openAiChatModel 500 chat"))
			.isInstanceOf(com.openai.errors.InternalServerException.class);
		assertThat(outcomes.get("spring-ai anthropicChatModel 500 chat"))
			.isInstanceOf(com.anthropic.errors.InternalServerException.class);
		for (String springAi : List.of("openAiChatModel", "anthropicChatModel")) {
			assertThat(outcomes.get("spring-ai " + springAi + " 429 chat")).as(springAi)
				.isInstanceOf(org.springframework.ai.retry.TransientAiException.class);
			assertThat(outcomes.get("spring-ai " + springAi + " 401 chat")).as(springAi)
				.isInstanceOf(org.springframework.ai.retry.NonTransientAiException.class);
		}
		// Spring AI's Gemini model wraps the SDK's exception: "Failed to generate content"
		assertThat(outcomes.get("spring-ai googleGenAiChatModel 500 chat")).isInstanceOfSatisfying(
				RuntimeException.class, (ex) -> assertThat(ex.getCause())
					.isInstanceOf(com.google.genai.errors.ServerException.class));
		assertThat(outcomes.get("spring-ai geminiSpringAiChatModel 429 chat")).isInstanceOfSatisfying(
				RuntimeException.class, (ex) -> assertThat(ex.getCause())
					.isInstanceOf(org.springframework.ai.retry.TransientAiException.class));
		assertThat(outcomes.get("spring-ai googleGenAiChatModel 401 chat")).isInstanceOfSatisfying(
				RuntimeException.class, (ex) -> assertThat(ex.getCause())
					.isInstanceOf(org.springframework.ai.retry.NonTransientAiException.class));
		assertThat(strings(JSON.readTree(evidence.rotation.body()).path("changed"))).containsExactly("gemini");
		assertThat(outcomes.get("gemini rotated success chat")).isInstanceOf(ChatResponse.class);
		assertThat(outcomes.get("mistral per-call key 401 chat")).isInstanceOf(InvalidApiKeyException.class);
		assertThat(outcomes.get("route success chat")).isInstanceOfSatisfying(ChatResponse.class,
				(response) -> assertThat(response.provider()).isEqualTo("openai"));
		assertThat(outcomes.get("route 500 chat")).isInstanceOfSatisfying(RouteUnavailableException.class,
				(ex) -> assertThat(ex.getFailures()).containsOnlyKeys("openai", "anthropic"));
		assertThat(outcomes.get("route 401 chat")).isInstanceOfSatisfying(RouteUnavailableException.class,
				(ex) -> assertThat(ex.getMessage()).contains("[openai: no_usable_key, HTTP 401]",
						"[anthropic: no_usable_key, HTTP 401]"));
		for (String name : LeakCanaryScenario.LANGCHAIN4J) {
			assertThat(outcomes.get("langchain4j " + name + " success chat")).as(name).isEqualTo("Hi");
			assertThat(outcomes.get("langchain4j " + name + " 500 stream")).as(name)
				.isInstanceOf(InternalServerException.class);
			assertThat(outcomes.get("langchain4j " + name + " 500 chat")).as(name)
				.isInstanceOf(InternalServerException.class);
			assertThat(outcomes.get("langchain4j " + name + " 401 stream")).as(name)
				.isInstanceOf(AuthenticationException.class);
			assertThat(outcomes.get("langchain4j " + name + " 401 chat")).as(name)
				.isInstanceOf(AuthenticationException.class);
		}
	}

	/**
	 * The logs really hold wire logs: the JDK HttpClient's headers, Apache HttpClient's headers of the provider
	 * calls, the application's header logger, and RestClient's log when the providers use it.
	 */
	private static void assertWireLogsWereWritten(Evidence evidence, Canaries canaries, HttpClientType httpClient) {
		assertHolds(evidence.text("stdout"), "stdout", "REQUEST HEADERS:", "jdk.httpclient.HttpClient",
				"RequestHeaderLogger", "o.a.coyote", "http-outgoing-", marker(canaries.openai()),
				marker(canaries.mistral()), marker(canaries.perCall()), marker(canaries.rotated()),
				"HTTP request:", "HTTP response:");
		if (httpClient == HttpClientType.REST_CLIENT) {
			assertHolds(evidence.text("stdout"), "stdout", "o.s.web.client");
		}
		else {
			// the application's RestClient customizer is left out, and says so
			assertHolds(evidence.text("stdout"), "stdout", "paracle.http.client=direct: the providers call Apache");
		}
		assertHolds(evidence.text("stderr"), "stderr", "DEBUG: [");
		assertHolds(logFile(evidence), "log file", "REQUEST HEADERS:", "RequestHeaderLogger");
	}

	private static String marker(String key) {
		return "[key:" + Fingerprints.of(key) + "]";
	}

	/** Assert a (large) text holds every string, naming only the missing ones when it does not. */
	private static void assertHolds(String text, String where, String... expected) {
		assertThat(Arrays.stream(expected).filter((string) -> !text.contains(string)).toList())
			.as("strings missing from %s", where)
			.isEmpty();
	}

	/** Every canary in use was in a request header the provider server saw, and none in a URL. */
	private static void assertKeysTravelledInHeadersOnly(Evidence evidence, Canaries canaries) {
		List<String> headers = new ArrayList<>();
		for (LoggedRequest request : evidence.requests) {
			request.getHeaders().all().forEach((header) -> headers.add(header.key() + ": " + header.values()));
			assertThat(request.getAbsoluteUrl()).doesNotContainIgnoringCase("canary");
		}
		for (String canary : usedCanaries(canaries)) {
			assertThat(headers).as("request headers the provider server saw")
				.anyMatch((header) -> header.contains(canary));
		}
	}

	/** The canaries that were sent to the provider server: all but the switched-off provider's. */
	private static List<String> usedCanaries(Canaries canaries) {
		return List.of(canaries.openai(), canaries.anthropic(), canaries.gemini(), canaries.groq(),
				canaries.groqSecond(), canaries.mistral(), canaries.perCall(), canaries.rotated());
	}

	private static String logFile(Evidence evidence) {
		return evidence.texts.entrySet()
			.stream()
			.filter((entry) -> entry.getKey().startsWith("log file"))
			.map(Map.Entry::getValue)
			.findFirst()
			.orElseThrow();
	}

	private static boolean isLog(String place) {
		return LOGS.stream().anyMatch(place::startsWith);
	}

	private static List<String> strings(JsonNode array) {
		List<String> values = new ArrayList<>();
		array.forEach((value) -> values.add(value.stringValue()));
		return values;
	}

}
