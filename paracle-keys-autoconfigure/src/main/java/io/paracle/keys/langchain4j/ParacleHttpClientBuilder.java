package io.paracle.keys.langchain4j;

import java.time.Duration;
import java.util.concurrent.Executor;

import dev.langchain4j.http.client.HttpClient;
import dev.langchain4j.http.client.HttpClientBuilder;
import io.paracle.keys.provider.client.AbstractLlmProvider;
import org.jspecify.annotations.Nullable;

/**
 * The LangChain4j {@link HttpClientBuilder} of one provider configuration: the clients it builds send each request
 * with the key paracle's pool picks for it (see {@link ParacleHttpClient}). Starts with the configuration's
 * {@code connect-timeout} and {@code timeout}; a model that sets its own keeps them, unless the timeouts are fixed
 * (the beans paracle builds: the configuration's timeouts always apply).
 *
 * @author paracle-keys
 */
final class ParacleHttpClientBuilder implements HttpClientBuilder {

	private final AbstractLlmProvider provider;

	private final Executor streams;

	private final LangChain4jTransport.Factory transports;

	private final long maxResponseBytes;

	private final boolean fixedTimeouts;

	private Duration connectTimeout;

	private Duration readTimeout;

	ParacleHttpClientBuilder(AbstractLlmProvider provider, Executor streams, LangChain4jTransport.Factory transports,
			long maxResponseBytes, boolean fixedTimeouts) {
		this.provider = provider;
		this.streams = streams;
		this.transports = transports;
		this.maxResponseBytes = maxResponseBytes;
		this.fixedTimeouts = fixedTimeouts;
		this.connectTimeout = provider.context().connectTimeout();
		this.readTimeout = provider.context().readTimeout();
	}

	@Override
	public Duration connectTimeout() {
		return this.connectTimeout;
	}

	@Override
	public HttpClientBuilder connectTimeout(@Nullable Duration connectTimeout) {
		if (connectTimeout != null && !this.fixedTimeouts) {
			this.connectTimeout = connectTimeout;
		}
		return this;
	}

	@Override
	public Duration readTimeout() {
		return this.readTimeout;
	}

	@Override
	public HttpClientBuilder readTimeout(@Nullable Duration readTimeout) {
		if (readTimeout != null && !this.fixedTimeouts) {
			this.readTimeout = readTimeout;
		}
		return this;
	}

	@Override
	public HttpClient build() {
		LangChain4jTransport transport = this.transports.create(this.provider.name(), this.connectTimeout,
				this.readTimeout, this.maxResponseBytes);
		return new ParacleHttpClient(this.provider, transport, this.maxResponseBytes, this.streams);
	}

}
