package io.paracle.keys.provider.client;

import java.util.ArrayList;
import java.util.List;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.paracle.keys.logging.InstalledRedaction;
import io.paracle.keys.metrics.ApiCallTracker;
import io.paracle.keys.provider.ChatStream;
import io.paracle.keys.provider.InvalidApiKeyException;
import io.paracle.keys.provider.LlmProvider;
import io.paracle.keys.provider.LlmProviderException;
import io.paracle.keys.provider.ProviderUnavailableException;
import io.paracle.keys.resolve.Fingerprints;
import io.paracle.keys.testsupport.FakeProviderServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The leak canary of Bedrock's streams, with every logger (the starter, the AWS SDK, Netty) at TRACE and the
 * starter's log redaction installed as the application installs it: a stream read to its end, a 403 before the
 * first byte and an exception event after two chunks whose messages echo the secret access key back. The secret is
 * in no exception message, partial text or {@code toString()} (the starter scrubs them), and in no log line: the
 * AWS SDK itself logs the echoed messages at DEBUG and its wire at TRACE, which only the redaction layer catches
 * (the output holds its marker, so the test can fail).
 */
@ExtendWith(OutputCaptureExtension.class)
class BedrockStreamingLeakTests {

	private static final String PATH = "/model/anthropic.claude-3-haiku-20240307-v1%3A0/converse-stream";

	/** A secret access key of AWS's shape, written nowhere else. */
	private static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYcanary0001";

	private final Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);

	private Level rootLevel;

	private WireMockServer server;

	private InstalledRedaction redaction;

	@BeforeEach
	void traceEverything() {
		this.rootLevel = this.root.getLevel();
		this.root.setLevel(Level.TRACE);
		this.redaction = InstalledRedaction.of(SECRET);
		this.server = FakeProviderServer.reset();
	}

	@AfterEach
	void restoreLevel() {
		this.redaction.close();
		this.root.setLevel(this.rootLevel);
	}

	@Test
	void noStreamOutcomeShowsTheSecret(CapturedOutput output) throws Exception {
		List<String> seen = new ArrayList<>();
		LlmProvider provider = ProviderFixture.BEDROCK.factory(ApiCallTracker.NOOP, SECRET).create("bedrock");

		this.server.stubFor(post(urlEqualTo(PATH)).willReturn(aResponse().withStatus(200)
			.withHeader("Content-Type", BedrockEventStream.CONTENT_TYPE)
			.withBody(BedrockEventStream.helloWorld().bytes())));
		try (ChatStream stream = provider.stream("Hello")) {
			stream.forEach((chunk) -> seen.add(chunk.toString()));
			seen.add(stream.text());
			seen.add(stream.toString());
			seen.add(String.valueOf(stream.keyFingerprint()));
		}

		this.server.stubFor(post(urlEqualTo(PATH)).willReturn(events(new BedrockEventStream().text("Hello")
			.text(" world")
			.exception("internalServerException", "internal error while serving key " + SECRET))));
		ChatStream broken = provider.stream("Hello");
		assertThatExceptionOfType(ProviderUnavailableException.class).isThrownBy(() -> broken.forEach((chunk) -> {
		})).satisfies((ex) -> seen.addAll(describe(ex)));
		broken.close();

		this.server.stubFor(post(urlEqualTo(PATH)).willReturn(aResponse().withStatus(403)
			.withHeader("Content-Type", "application/json")
			.withHeader("x-amzn-ErrorType", "UnrecognizedClientException")
			.withBody("{\"message\":\"The security token included in the request is invalid: " + SECRET + "\"}")));
		assertThatExceptionOfType(InvalidApiKeyException.class).isThrownBy(() -> provider.stream("Hello"))
			.satisfies((ex) -> seen.addAll(describe(ex)));
		((AutoCloseable) provider).close();

		assertThat(seen).isNotEmpty().allSatisfy((text) -> assertThat(text).doesNotContain(SECRET));
		assertThat(output.getAll()).as("the captured output at TRACE")
			.contains("EventStreamAsyncResponseTransformer - Decoded error or exception")
			.contains("internal error while serving key [key:" + Fingerprints.of(SECRET) + "]")
			.doesNotContain(SECRET);
	}

	private static List<String> describe(LlmProviderException ex) {
		List<String> texts = new ArrayList<>();
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			texts.add(String.valueOf(cause.getMessage()));
			texts.add(cause.toString());
		}
		texts.add(String.valueOf(ex.getPartialText()));
		return texts;
	}

	private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder events(BedrockEventStream events) {
		return aResponse().withStatus(200)
			.withHeader("Content-Type", BedrockEventStream.CONTENT_TYPE)
			.withBody(events.bytes());
	}

}
