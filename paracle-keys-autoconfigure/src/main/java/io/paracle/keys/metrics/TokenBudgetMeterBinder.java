package io.paracle.keys.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import io.paracle.keys.resilience.KeyPools;
import io.paracle.keys.resilience.TokenBudget;
import io.paracle.keys.resolve.ApiKeyResolver;

import org.springframework.beans.factory.ObjectProvider;

/**
 * The gauge {@code paracle.budget.remaining} (Prometheus {@code paracle_budget_remaining_tokens}): the tokens left
 * in the current window of each token budget, tagged {@code provider} and {@code budget}
 * ({@code tokens-per-minute}, {@code tokens-per-day}, {@code tokens-per-month}). It shows what the replica last
 * knew (its own count, or the shared count from its last call); reading it never asks a store.
 *
 * @author paracle-keys
 */
class TokenBudgetMeterBinder implements MeterBinder {

	/** Name of the gauge. */
	public static final String METER_NAME = "paracle.budget.remaining";

	private final ObjectProvider<ApiKeyResolver> resolver;

	private final ObjectProvider<KeyPools> keyPools;

	/**
	 * Create a new binder.
	 * @param resolver the key resolver
	 * @param keyPools the key pools, which hold the budgets
	 */
	TokenBudgetMeterBinder(ObjectProvider<ApiKeyResolver> resolver, ObjectProvider<KeyPools> keyPools) {
		this.resolver = resolver;
		this.keyPools = keyPools;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		ApiKeyResolver resolver = this.resolver.getIfAvailable();
		KeyPools pools = this.keyPools.getIfAvailable();
		if (resolver == null || pools == null) {
			return;
		}
		for (String provider : resolver.configurations().keySet()) {
			TokenBudget budget = pools.budget(provider);
			if (budget == null) {
				continue;
			}
			for (TokenBudget.Limit limit : budget.limits()) {
				Gauge.builder(METER_NAME, budget, (tokens) -> tokens.remaining(limit.budget()))
					.description("Tokens left in the current window of a token budget")
					.baseUnit("tokens")
					.tags("provider", provider, "budget", limit.budget().tagValue())
					.register(registry);
			}
		}
	}

}
