package io.paracle.keys.provider;

import java.time.Instant;

/**
 * A token budget of the provider configuration is used up ({@code rate-limit.tokens-per-minute},
 * {@code budget.tokens-per-day} or {@code budget.tokens-per-month}): the call was not sent. Never retried; the
 * message names the provider, the budget and when it resets. Its outcome tag is {@code budget_exceeded}.
 *
 * @author paracle-keys
 */
public class BudgetExceededException extends LlmProviderException {

	/** The budget, such as {@code tokens-per-day}. */
	private final String budget;

	/** When the budget's window ends. */
	private final Instant resetsAt;

	/**
	 * Create a new instance.
	 * @param provider the provider configuration name
	 * @param budget the budget, such as {@code tokens-per-day}
	 * @param resetsAt when the budget's window ends
	 * @param message the message
	 */
	public BudgetExceededException(String provider, String budget, Instant resetsAt, String message) {
		super(provider, 0, message, null);
		this.budget = budget;
		this.resetsAt = resetsAt;
	}

	/**
	 * Return the budget that is used up.
	 * @return the budget: {@code tokens-per-minute}, {@code tokens-per-day} or {@code tokens-per-month}
	 */
	public String getBudget() {
		return this.budget;
	}

	/**
	 * Return when the budget's window ends and calls may go out again.
	 * @return the instant
	 */
	public Instant getResetsAt() {
		return this.resetsAt;
	}

}
