package io.paracle.keys.provider.client;

import java.io.IOException;

import io.paracle.keys.resolve.ApiKey;
import org.jspecify.annotations.Nullable;

/**
 * One HTTP exchange (or SDK call) made with the key the call pipeline chose for this attempt: the seam through
 * which the typed clients' wire formats &mdash; and framework bridges that own their HTTP exchange &mdash; run
 * under paracle's key selection, client-side limit, outcome classification, cool-down, rejection and re-read,
 * and measurement. See {@link AbstractLlmProvider#exchange(String, String, KeyedExchange)}.
 * <p>
 * An implementation sends the request with the key, reports what it saw with
 * {@link ExchangeAttempt#responded(int, java.util.function.Function)}, and either returns the result or throws
 * what {@link ExchangeAttempt#failed(int, String, String)} returns for an error answer. An {@link IOException}
 * means no answer (connection failure, timeout) and is classified by the pipeline.
 *
 * @param <T> the result of the exchange
 * @author paracle-keys
 */
@FunctionalInterface
public interface KeyedExchange<T> {

	/**
	 * Make the exchange.
	 * @param key the key of this attempt, or {@code null} when the provider signs requests itself (Bedrock on
	 * the AWS default credentials chain)
	 * @param attempt where the exchange reports what it saw
	 * @return the result
	 * @throws IOException when no answer came
	 */
	T exchange(@Nullable ApiKey key, ExchangeAttempt attempt) throws IOException;

}
