package io.paracle.keys.provider.client;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import io.paracle.keys.catalog.ProviderCatalog;
import io.paracle.keys.metrics.ApiCallTracker;
import io.paracle.keys.provider.InvalidApiKeyException;
import io.paracle.keys.provider.InvalidResponseException;
import io.paracle.keys.provider.KeyVerification;
import io.paracle.keys.provider.LlmProvider;
import io.paracle.keys.provider.ProviderRequestException;
import io.paracle.keys.provider.ProviderUnavailableException;
import io.paracle.keys.provider.RateLimitExceededException;
import io.paracle.keys.resolve.Fingerprints;
import io.paracle.keys.testsupport.FakeProviderServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.within;

/**
 * Error answers of all 14 providers become the starter's exceptions, with guidance and without the key.
 */
class ProviderErrorTests {

	private WireMockServer server;

	@BeforeEach
	void resetServer() {
		this.server = FakeProviderServer.reset();
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("io.paracle.keys.provider.client.ProviderFixture#all")
	void unauthorizedIsInvalidApiKeyWithGuidanceAndWithoutTheKey(ProviderFixture fixture) {
		stubError(fixture, 401, "UnrecognizedClientException",
				"Incorrect API key provided: " + fixture.key() + ". You can find your API key in your account.");
		LlmProvider provider = fixture.create(ApiCallTracker.NOOP);
		String fingerprint = Fingerprints.of(fixture.key());
		assertThatExceptionOfType(InvalidApiKeyException.class).isThrownBy(() -> provider.chat("Hello"))
			.satisfies((ex) -> {
				assertThat(ex.getStatusCode()).isEqualTo(401);
				assertThat(ex.getProvider()).isEqualTo(fixture.id());
				assertThat(ex.getFingerprint()).isEqualTo(fingerprint);
				assertThat(ex.getOrigin().name()).isEqualTo("paracle.providers." + fixture.id()
						+ ((fixture.keyId() != null) ? ".access-key-id" : ".api-key"));
				assertThat(ex.getMessage()).contains("invalid API key")
					.contains("verify the key has no extra spaces or newlines, has not been revoked, "
							+ "has the right permissions")
					.contains("key " + fingerprint + " from paracle.providers." + fixture.id())
					.contains(ProviderCatalog.get(fixture.id()).keysUrl())
					.contains("Incorrect API key provided: [key " + fingerprint + "]")
					.doesNotContain(fixture.key());
			});
		this.server.verify(1, anyRequestedFor(anyUrl()));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("io.paracle.keys.provider.client.ProviderFixture#all")
	void forbiddenIsInvalidApiKey(ProviderFixture fixture) {
		// a 403 whose body says the key is bad; other 403s are request errors (below)
		stubError(fixture, 403, "UnrecognizedClientException", "The security token included in the request is invalid.");
		assertThatExceptionOfType(InvalidApiKeyException.class)
			.isThrownBy(() -> fixture.create(ApiCallTracker.NOOP).chat("Hello"))
			.satisfies((ex) -> assertThat(ex.getStatusCode()).isEqualTo(403));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("io.paracle.keys.provider.client.ProviderFixture#all")
	void forbiddenForTheRequestIsARequestErrorAndTheKeyStaysInUse(ProviderFixture fixture) {
		stubError(fixture, 403, "AccessDeniedException",
				"You don't have access to the model with the specified model ID.");
		LlmProvider provider = fixture.create(ApiCallTracker.NOOP);
		for (int call = 0; call < 2; call++) {
			assertThatExceptionOfType(ProviderRequestException.class).isThrownBy(() -> provider.chat("Hello"))
				.satisfies((ex) -> assertThat(ex.getStatusCode()).isEqualTo(403))
				.withMessageContaining("is not allowed to make this request (model, region or permission) and "
						+ "stays in use")
				.withMessageNotContaining(fixture.key());
		}
		this.server.verify(2, anyRequestedFor(anyUrl()));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("io.paracle.keys.provider.client.ProviderFixture#http")
	void redirectSaysItRedirectedAndToWhichHostOnly(ProviderFixture fixture) {
		this.server.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(302)
			.withHeader("Location", "https://login.proxy.example/sso?session=secret-token-0001")));
		assertThatExceptionOfType(ProviderRequestException.class)
			.isThrownBy(() -> fixture.create(ApiCallTracker.NOOP).chat("Hello"))
			.satisfies((ex) -> assertThat(ex.getStatusCode()).isEqualTo(302))
			.withMessageContaining("answered HTTP 302: it redirected to login.proxy.example instead of answering")
			.withMessageContaining("paracle.providers." + fixture.id() + ".base-url")
			.withMessageNotContaining("secret-token")
			.withMessageNotContaining("refused the request");
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("io.paracle.keys.provider.client.ProviderFixture#all")
	void tooManyRequestsIsRateLimitExceededWithRetryAfter(ProviderFixture fixture) {
		stubError(fixture, 429, "ThrottlingException", "Rate limit reached for requests");
		LlmProvider provider = fixture.create(ApiCallTracker.NOOP);
		Instant before = Instant.now();
		assertThatExceptionOfType(RateLimitExceededException.class).isThrownBy(() -> provider.chat("Hello"))
			.satisfies((ex) -> {
				assertThat(ex.getStatusCode()).isEqualTo(429);
				assertThat(ex.getRetryAfter()).isEqualTo(Duration.ofSeconds(7));
				assertThat(ex.getRetryAt()).isCloseTo(before.plusSeconds(7), within(Duration.ofSeconds(5)));
				assertThat(ex.getMessage()).contains("rate limit exceeded")
					.contains("retry after 7s")
					.contains("Rate limit reached for requests")
					.doesNotContain(fixture.key());
			});
		this.server.verify(1, anyRequestedFor(anyUrl()));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("io.paracle.keys.provider.client.ProviderFixture#all")
	void serverErrorIsProviderUnavailable(ProviderFixture fixture) {
		stubError(fixture, 500, "InternalServerException", "The server had an error");
		LlmProvider provider = fixture.create(ApiCallTracker.NOOP);
		assertThatExceptionOfType(ProviderUnavailableException.class).isThrownBy(() -> provider.chat("Hello"))
			.satisfies((ex) -> {
				assertThat(ex.getStatusCode()).isEqualTo(500);
				assertThat(ex.getMessage()).contains("unavailable").contains("HTTP 500").contains("The server had an error");
			});
		this.server.verify(1, anyRequestedFor(anyUrl()));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("io.paracle.keys.provider.client.ProviderFixture#all")
	void otherClientErrorIsProviderRequestException(ProviderFixture fixture) {
		stubError(fixture, 400, "ValidationException", "Unknown model");
		assertThatExceptionOfType(ProviderRequestException.class)
			.isThrownBy(() -> fixture.create(ApiCallTracker.NOOP).chat("Hello"))
			.satisfies((ex) -> assertThat(ex.getStatusCode()).isEqualTo(400));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("io.paracle.keys.provider.client.ProviderFixture#all")
	void verifyKeyReportsAnInvalidKeyWithoutThrowing(ProviderFixture fixture) {
		stubError(fixture, 401, "UnrecognizedClientException", "bad key");
		KeyVerification verification = fixture.create(ApiCallTracker.NOOP).verifyKey();
		assertThat(verification.status()).isEqualTo(KeyVerification.Status.INVALID);
		assertThat(verification.httpStatus()).isEqualTo(401);
		assertThat(verification.fingerprint()).isEqualTo(Fingerprints.of(fixture.key()));
		assertThat(verification.message()).contains("invalid API key").doesNotContain(fixture.key());
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("io.paracle.keys.provider.client.ProviderFixture#all")
	void verifyKeyReportsAnUnreachableProvider(ProviderFixture fixture) {
		stubError(fixture, 503, "ServiceUnavailableException", "overloaded");
		KeyVerification verification = fixture.create(ApiCallTracker.NOOP).verifyKey();
		assertThat(verification.status()).isEqualTo(KeyVerification.Status.UNREACHABLE);
		assertThat(verification.httpStatus()).isEqualTo(503);
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("io.paracle.keys.provider.client.ProviderFixture#all")
	void longErrorBodiesAreCutAndScrubbed(ProviderFixture fixture) {
		String body = "x".repeat(150) + fixture.key() + "y".repeat(5000);
		stubError(fixture, 400, "ValidationException", body);
		assertThatExceptionOfType(ProviderRequestException.class)
			.isThrownBy(() -> fixture.create(ApiCallTracker.NOOP).chat("Hello"))
			.satisfies((ex) -> {
				String said = ex.getMessage().substring(ex.getMessage().indexOf("Provider said: ") + 15);
				assertThat(said).hasSize(203).contains("x".repeat(140) + "[key ").endsWith("...");
				assertThat(ex.getMessage()).doesNotContain(fixture.key()).doesNotContain("y".repeat(100));
			});
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("io.paracle.keys.provider.client.ProviderFixture#http")
	void unreadableAnswerEchoingTheKeyNamesTheParseErrorWithTheFingerprintOnly(ProviderFixture fixture) {
		// A key of word characters only: the JSON parser quotes it whole ("Unrecognized token '<key>'").
		String key = "CanaryUnreadableKey0001";
		this.server.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200)
			.withHeader("Content-Type", "application/json")
			.withBody(key + " is not JSON")));
		LlmProvider provider = fixture.factory(ApiCallTracker.NOOP, key).create(fixture.id());
		assertThatExceptionOfType(InvalidResponseException.class).isThrownBy(() -> provider.chat("Hello"))
			.satisfies((ex) -> {
				assertThat(ex.getStatusCode()).isEqualTo(200);
				assertThat(ex.getMessage()).contains("answered HTTP 200 with a body that is not the expected JSON")
					.contains("Unrecognized token '[key " + Fingerprints.of(key) + "]'");
				assertThat(ex).hasNoCause();
				StringWriter trace = new StringWriter();
				ex.printStackTrace(new PrintWriter(trace));
				assertThat(trace.toString()).doesNotContain(key);
			});
	}

	/**
	 * Stub every request with an error answer shaped like the provider's: {@code {"error":{"message":...}}}
	 * for the HTTP providers, {@code {"message":...}} with {@code x-amzn-ErrorType} for Bedrock.
	 */
	private void stubError(ProviderFixture fixture, int status, String awsErrorType, String message) {
		String quoted = "\"" + message + "\"";
		String body = ProviderCatalog.BEDROCK.equals(fixture.id()) ? "{\"message\":" + quoted + "}"
				: "{\"error\":{\"message\":" + quoted + ",\"type\":\"error\"}}";
		ResponseDefinitionBuilder response = aResponse().withStatus(status)
			.withHeader("Content-Type", "application/json")
			.withHeader("x-amzn-ErrorType", awsErrorType)
			.withBody(body);
		if (status == 429) {
			response.withHeader("Retry-After", "7");
		}
		this.server.stubFor(any(anyUrl()).willReturn(response));
	}

}
