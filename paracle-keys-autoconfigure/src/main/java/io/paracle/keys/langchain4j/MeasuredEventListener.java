package io.paracle.keys.langchain4j;

import dev.langchain4j.exception.LangChain4jException;
import dev.langchain4j.http.client.SuccessfulHttpResponse;
import dev.langchain4j.http.client.sse.ServerSentEvent;
import dev.langchain4j.http.client.sse.ServerSentEventContext;
import dev.langchain4j.http.client.sse.ServerSentEventListener;
import io.paracle.keys.provider.client.StreamingCall;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * The listener of an open stream, in front of the model's: reports the first event as the first chunk, collects
 * the usage the provider sends in the stream (OpenAI's last chunk, Anthropic's {@code message_start} and
 * {@code message_delta}, Gemini's {@code usageMetadata}), and ends the {@link StreamingCall} once: cancelled when
 * the model cancelled the parsing, failed after an error (or an {@code error} event), else completed.
 *
 * @author paracle-keys
 */
final class MeasuredEventListener implements ServerSentEventListener {

	private static final Log logger = LogFactory.getLog(MeasuredEventListener.class);

	private final String provider;

	private final ServerSentEventListener delegate;

	private final StreamingCall call;

	private final TokenUsage usage = new TokenUsage();

	private boolean first = true;

	private @Nullable ServerSentEventContext context;

	private @Nullable Throwable error;

	MeasuredEventListener(String provider, ServerSentEventListener delegate, StreamingCall call) {
		this.provider = provider;
		this.delegate = delegate;
		this.call = call;
	}

	void open(SuccessfulHttpResponse response) {
		notify(() -> this.delegate.onOpen(response));
	}

	@Override
	public void onEvent(ServerSentEvent event, ServerSentEventContext context) {
		this.context = context;
		if (this.first) {
			this.first = false;
			this.call.firstChunk();
		}
		String data = event.data();
		if (data != null && data.contains("sage")) {
			this.usage.read(data);
		}
		if ("error".equals(event.event()) && this.error == null) {
			this.error = new LangChain4jException("Provider '" + this.provider + "' sent an error event in the stream");
		}
		this.delegate.onEvent(event, context);
	}

	@Override
	public void onEvent(ServerSentEvent event) {
		this.delegate.onEvent(event);
	}

	@Override
	public void onError(Throwable error) {
		if (!isCancelled() && this.error == null) {
			this.error = error;
		}
		notify(() -> this.delegate.onError(error));
	}

	/**
	 * End the measured call after the parser returned, and tell the model the stream closed.
	 */
	void end() {
		if (this.usage.total() > 0) {
			this.call.tokens(this.usage.model(), this.usage.inputTokens(), this.usage.outputTokens());
		}
		if (isCancelled()) {
			this.call.cancelled();
		}
		else if (this.error != null) {
			this.call.failed(this.error);
		}
		else {
			this.call.completed();
		}
		notify(this.delegate::onClose);
	}

	private boolean isCancelled() {
		ServerSentEventContext context = this.context;
		return context != null && context.parsingHandle() != null && context.parsingHandle().isCancelled();
	}

	/**
	 * Tell a listener about a failure; what the listener throws is logged, as LangChain4j's own clients do.
	 */
	static void notify(ServerSentEventListener listener, Throwable error) {
		notify(() -> listener.onError(error));
	}

	private static void notify(Runnable callback) {
		try {
			callback.run();
		}
		catch (RuntimeException ex) {
			logger.warn("The LangChain4j stream listener failed; the failure is ignored", ex);
		}
	}

}
