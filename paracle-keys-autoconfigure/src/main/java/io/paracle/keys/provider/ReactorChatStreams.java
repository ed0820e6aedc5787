package io.paracle.keys.provider;

import reactor.core.publisher.Flux;
import reactor.core.scheduler.Schedulers;

/**
 * Adapts a {@link ChatStream} to Reactor, in a class of its own so that it is loaded only when
 * {@link ChatStream#toFlux()} is called: Reactor is an optional dependency.
 *
 * @author paracle-keys
 */
final class ReactorChatStreams {

	private ReactorChatStreams() {
	}

	static Flux<ChatChunk> flux(ChatStream stream) {
		// subscribeOn also moves the subscriber's requests to the worker, so the blocking reads never run on the
		// subscriber's thread (an event loop, say); the eager clean-up closes the stream when it is cancelled
		return Flux.using(() -> stream, Flux::fromIterable, ChatStream::close)
			.subscribeOn(Schedulers.boundedElastic());
	}

}
