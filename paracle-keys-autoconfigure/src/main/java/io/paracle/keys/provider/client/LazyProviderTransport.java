package io.paracle.keys.provider.client;

import java.io.IOException;
import java.util.List;
import java.util.function.Supplier;

import io.paracle.keys.provider.ChatRequest;
import io.paracle.keys.provider.ChatResponse;
import io.paracle.keys.provider.ChatStream;
import io.paracle.keys.resolve.ApiKey;
import org.jspecify.annotations.Nullable;

/**
 * A wire format created on the first call: Bedrock's SDK client and its classes cost about 300&nbsp;ms of startup
 * and 3&nbsp;MB of heap (BENCHMARKS.md), for nothing when Bedrock is configured but not called.
 *
 * @author paracle-keys
 */
final class LazyProviderTransport implements ProviderTransport {

	private final Supplier<ProviderTransport> factory;

	private final boolean requiresKey;

	private final boolean streams;

	private volatile @Nullable ProviderTransport transport;

	private boolean closed;

	/**
	 * Create a lazy transport.
	 * @param factory creates the transport on the first call
	 * @param requiresKey what {@link #requiresKey()} of the transport answers
	 * @param streams what {@link #streams()} of the transport answers
	 */
	LazyProviderTransport(Supplier<ProviderTransport> factory, boolean requiresKey, boolean streams) {
		this.factory = factory;
		this.requiresKey = requiresKey;
		this.streams = streams;
	}

	@Override
	public ChatResponse chat(ChatRequest request, String model, @Nullable ApiKey key, ExchangeAttempt attempt)
			throws IOException {
		return transport().chat(request, model, key, attempt);
	}

	@Override
	public boolean streams() {
		return this.streams;
	}

	@Override
	public ChatStream stream(ChatRequest request, String model, @Nullable ApiKey key, ExchangeAttempt attempt)
			throws IOException {
		return transport().stream(request, model, key, attempt);
	}

	@Override
	public List<String> listModels(@Nullable ApiKey key, ExchangeAttempt attempt)
			throws IOException {
		return transport().listModels(key, attempt);
	}

	@Override
	public int verify(@Nullable ApiKey key, ExchangeAttempt attempt)
			throws IOException {
		return transport().verify(key, attempt);
	}

	@Override
	public boolean requiresKey() {
		return this.requiresKey;
	}

	private ProviderTransport transport() {
		ProviderTransport transport = this.transport;
		if (transport == null) {
			synchronized (this) {
				if (this.closed) {
					throw new IllegalStateException("The provider is closed");
				}
				transport = this.transport;
				if (transport == null) {
					transport = this.factory.get();
					this.transport = transport;
				}
			}
		}
		return transport;
	}

	@Override
	public synchronized void close() {
		this.closed = true;
		ProviderTransport transport = this.transport;
		if (transport != null) {
			transport.close();
		}
	}

}
