package io.paracle.keys.sample;

import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import io.paracle.keys.provider.ChatChunk;
import io.paracle.keys.provider.ChatRequest;
import io.paracle.keys.provider.ChatStream;
import io.paracle.keys.provider.InvalidApiKeyException;
import io.paracle.keys.provider.LlmProviderException;
import io.paracle.keys.provider.LlmProviders;
import io.paracle.keys.resolve.Fingerprints;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.task.SimpleAsyncTaskExecutor;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * {@code POST /api/v1/agents/stream?provider=<name>}: the test route's request, streamed back as
 * {@code text/event-stream} with events {@code chunk} ({@code {"text": "..."}}), then one {@code done} (provider,
 * model, key fingerprint, token counts), or one {@code error} (a problem body) when the stream fails after its
 * first chunk. Failures before the first chunk are the test route's RFC 9457 problems: the stream opens
 * ({@code LlmProvider.stream}) before the response starts, so failover and retries happened already. A client
 * that goes away cancels the stream (the provider connection is closed, {@code outcome=cancelled}).
 *
 * @author paracle-keys
 */
@RestController
class AgentStreamController {

	private static final Log logger = LogFactory.getLog(AgentStreamController.class);

	/** Longest stream the route serves. */
	private static final Duration MAX_STREAM = Duration.ofMinutes(10);

	private final LlmProviders providers;

	private final SampleErrors errors;

	private final String defaultProvider;

	/** One thread per open stream: a stream is read with blocking I/O. */
	private final SimpleAsyncTaskExecutor readers = new SimpleAsyncTaskExecutor("agent-stream-");

	AgentStreamController(LlmProviders providers, SampleErrors errors,
			@Value("${paracle.sample.provider:openai}") String defaultProvider) {
		this.providers = providers;
		this.errors = errors;
		this.defaultProvider = defaultProvider;
		this.readers.setDaemon(true);
		this.readers.setConcurrencyLimit(64);
	}

	@PostMapping("/api/v1/agents/stream")
	SseEmitter stream(@RequestAttribute(AgentRequestBody.ATTRIBUTE) AgentRequestBody body,
			@RequestParam(name = "provider", required = false) @Nullable String provider,
			@RequestHeader(name = HttpHeaders.AUTHORIZATION, required = false) @Nullable String authorization) {
		String name = (provider != null && !provider.isBlank()) ? provider : this.defaultProvider;
		if (this.providers.find(name).isEmpty()) {
			throw new UnknownProviderException(name, this.providers.names());
		}
		String overrideKey = AgentRequests.bearerKey(authorization);
		ChatRequest.Builder request = ChatRequest.builder().user(body.message());
		if (overrideKey != null) {
			request.apiKey(AgentRequests.perCallKey(overrideKey));
		}
		ChatStream stream;
		try {
			stream = this.providers.get(name).stream(request.build());
		}
		catch (InvalidApiKeyException ex) {
			if (overrideKey != null) {
				throw new KeyOverrideRejectedException(name, Fingerprints.of(overrideKey), ex);
			}
			throw ex;
		}
		SseEmitter emitter = new SseEmitter(MAX_STREAM.toMillis());
		emitter.onTimeout(stream::close);
		emitter.onError((ex) -> stream.close());
		this.readers.execute(() -> forward(name, stream, emitter));
		return emitter;
	}

	private void forward(String provider, ChatStream stream, SseEmitter emitter) {
		try (stream) {
			for (ChatChunk chunk : stream) {
				if (!chunk.text().isEmpty()) {
					emitter.send(SseEmitter.event().name("chunk").data(Map.of("text", chunk.text()),
							MediaType.APPLICATION_JSON));
				}
				if (chunk.last()) {
					emitter.send(SseEmitter.event().name("done").data(done(provider, stream, chunk),
							MediaType.APPLICATION_JSON));
				}
			}
			emitter.complete();
		}
		catch (LlmProviderException ex) {
			try {
				emitter.send(SseEmitter.event().name("error").data(this.errors.problemOf(ex),
						MediaType.APPLICATION_PROBLEM_JSON));
				emitter.complete();
			}
			catch (IOException gone) {
				emitter.completeWithError(gone);
			}
		}
		catch (IOException | IllegalStateException ex) {
			// the client went away: closing the stream (try-with-resources) cancels it
			logger.debug("Client of the stream of provider '" + provider + "' went away: " + ex.getMessage());
			emitter.completeWithError(ex);
		}
	}

	private static Map<String, Object> done(String provider, ChatStream stream, ChatChunk last) {
		Map<String, Object> done = new LinkedHashMap<>();
		done.put("provider", provider);
		done.put("model", stream.model());
		done.put("fingerprint", stream.keyFingerprint());
		done.put("finishReason", last.finishReason());
		done.put("inputTokens", last.inputTokens());
		done.put("outputTokens", last.outputTokens());
		return done;
	}

}
