package io.paracle.keys.provider.client;

import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.paracle.keys.catalog.ProviderDescriptor;
import io.paracle.keys.provider.BudgetExceededException;
import io.paracle.keys.provider.CallTimeoutException;
import io.paracle.keys.provider.InvalidApiKeyException;
import io.paracle.keys.provider.InvalidResponseException;
import io.paracle.keys.provider.LlmProviderException;
import io.paracle.keys.provider.ProviderRequestException;
import io.paracle.keys.provider.ProviderUnavailableException;
import io.paracle.keys.provider.RateLimitExceededException;
import io.paracle.keys.resilience.TokenBudget;
import io.paracle.keys.resolve.ApiKey;
import org.jspecify.annotations.Nullable;
import tools.jackson.core.JacksonException;

/**
 * Turns failed calls of one provider configuration into the starter's exceptions, with messages that say what
 * to do. Every text that came from outside (response bodies, I/O messages) is scrubbed of the key, which is
 * replaced with its fingerprint, and cut to {@value #EXCERPT_LENGTH} characters.
 *
 * @author paracle-keys
 */
final class ProviderErrors {

	static final int EXCERPT_LENGTH = 200;

	/** Words of a 403 body that mean the key itself is bad, lower case. */
	private static final List<String> BAD_KEY_MARKERS = List.of("invalid api key",
			"invalid_api_key", "invalid x-api-key", "incorrect api key", "api key not valid", "api_key_invalid",
			"invalid authentication", "authentication_error", "unauthenticated", "unrecognizedclient",
			"invalidsignature", "expiredtoken", "security token included in the request is invalid", "expired",
			"revoked", "suspended", "disabled key", "key is disabled");

	private static final Pattern AWS_ERROR_CODE = Pattern
		.compile("said: ([A-Z][A-Za-z]{2,60}Exception)");

	private static final Pattern ERROR_TYPE = Pattern
		.compile("\"(type|code|status)\"\\s*:\\s*\"([A-Za-z0-9_.-]{1,64})\"");

	private static final String NOT_RETRIED = ". Not retried: the provider produced an answer, and sending the "
			+ "prompt again could bill it twice.";

	/** Bytes of an error body read at most: enough for any excerpt, bounded for hostile answers. */
	static final int MAX_BODY_BYTES = 8192;

	private final String name;

	private final ProviderDescriptor descriptor;

	private final Duration connectTimeout;

	private final Duration readTimeout;

	private final Clock clock;

	ProviderErrors(String name, ProviderDescriptor descriptor, Duration connectTimeout, Duration readTimeout,
			Clock clock) {
		this.name = name;
		this.descriptor = descriptor;
		this.connectTimeout = connectTimeout;
		this.readTimeout = readTimeout;
		this.clock = clock;
	}

	/**
	 * Return the exception for a call that has no key left: the provider refused every key.
	 * @param fingerprints the refused keys
	 * @return the exception
	 */
	InvalidApiKeyException allKeysRejected(List<String> fingerprints) {
		return new InvalidApiKeyException(this.name, 401, null, null, this.descriptor.displayName()
				+ " refused every key of provider '" + this.name + "' " + fingerprints
				+ ": invalid API key; verify the key has no extra spaces or newlines, has not been revoked, has the "
				+ "right permissions. Store a valid key where the old one is; the keys are re-read without a "
				+ "restart. Create or look up a key at " + this.descriptor.keysUrl() + ".");
	}

	/**
	 * Return the exception for a call that has no key left: every key cools down after a 429.
	 * @param availableAt when the first key may be used again
	 * @return the exception
	 */
	RateLimitExceededException allKeysCooling(Instant availableAt) {
		Duration wait = Duration.between(this.clock.instant(), availableAt);
		if (wait.isNegative()) {
			wait = Duration.ZERO;
		}
		return new RateLimitExceededException(this.name, 429, wait, availableAt, this.descriptor.displayName()
				+ " rate limit exceeded for provider '" + this.name + "': every key is cooling down until "
				+ availableAt + ". Check the provider's usage limits, lower the request rate "
				+ "(paracle.providers." + this.name + ".rate-limit.requests-per-minute) or add keys "
				+ "(paracle.providers." + this.name + ".api-keys).");
	}

	/**
	 * Return the exception for a call refused by the client-side rate limit.
	 * @param maxWait how long the call could have waited
	 * @param retryAfter when a permit becomes available
	 * @return the exception
	 */
	RateLimitExceededException clientRateLimit(Duration maxWait, Duration retryAfter) {
		return new RateLimitExceededException(this.name, 0, retryAfter, this.clock.instant().plus(retryAfter),
				"Client-side rate limit exceeded for provider '" + this.name + "': no permit within "
						+ maxWait.toMillis() + " ms (paracle.providers." + this.name
						+ ".rate-limit.requests-per-minute / .max-wait).");
	}

	/**
	 * Return the exception for a call refused because a token budget is used up.
	 * @param exhausted the budget
	 * @return the exception
	 */
	BudgetExceededException budgetExceeded(TokenBudget.Exhausted exhausted) {
		TokenBudget.Budget budget = exhausted.budget();
		return new BudgetExceededException(this.name, budget.tagValue(), exhausted.resetsAt(),
				"Token budget of provider '" + this.name + "' used up: " + exhausted.used() + " of "
						+ exhausted.limit() + " " + budget.tagValue() + " (paracle.providers." + this.name + "."
						+ budget.property() + "); the call was not sent, the budget resets at "
						+ exhausted.resetsAt() + ".");
	}

	/**
	 * Return the exception for an error answer.
	 * @param status the HTTP status (not 2xx)
	 * @param retryAfter the {@code Retry-After} header, or {@code null}
	 * @param detail what the provider said (raw, scrubbed here), or {@code null}
	 * @param key the key that was sent, or {@code null}
	 * @return the exception
	 */
	LlmProviderException fromStatus(int status, @Nullable String retryAfter, @Nullable String detail,
			@Nullable ApiKey key) {
		String said = said(detail, key);
		if (status == 403 && !saysTheKeyIsBad(detail)) {
			return new ProviderRequestException(this.name, status, this.descriptor.displayName()
					+ " refused the request of provider '" + this.name + "' (HTTP 403): the key"
					+ ((key != null) ? " " + key.fingerprint() : "") + " is not allowed to make this request (model, "
					+ "region or permission) and stays in use; check the model and the key's permissions." + said);
		}
		if (status == 401 || status == 403) {
			String fingerprint = (key != null) ? key.fingerprint() : null;
			String which = (key != null) ? "key " + key.fingerprint() + " from " + key.origin().description()
					: "credentials of the AWS default credentials chain";
			return new InvalidApiKeyException(this.name, status, fingerprint, (key != null) ? key.origin() : null,
					this.descriptor.displayName() + " answered HTTP " + status + " for provider '" + this.name
							+ "': invalid API key (" + which + "); verify the key has no extra spaces or newlines, "
							+ "has not been revoked, has the right permissions. Create or look up a key at "
							+ this.descriptor.keysUrl() + "." + said);
		}
		if (status == 429) {
			RetryAfter parsed = RetryAfter.parse(retryAfter, this.clock);
			return new RateLimitExceededException(this.name, status, (parsed != null) ? parsed.delay() : null,
					(parsed != null) ? parsed.at() : null,
					this.descriptor.displayName() + " answered HTTP 429 for provider '" + this.name
							+ "': rate limit exceeded"
							+ ((key != null) ? " (key " + key.fingerprint() + ")" : "")
							+ ((parsed != null) ? "; retry after " + format(parsed.delay()) : "")
							+ ". Check the usage limits of the account, spread the calls, or use several keys."
							+ said);
		}
		if (status >= 500) {
			return new ProviderUnavailableException(this.name, status, this.descriptor.displayName()
					+ " is unavailable for provider '" + this.name + "' (HTTP " + status + "); retry later." + said,
					null);
		}
		return new ProviderRequestException(this.name, status, this.descriptor.displayName()
				+ " refused the request of provider '" + this.name + "' (HTTP " + status + ")." + said);
	}

	/**
	 * Return the exception for a redirect instead of an answer.
	 * @param status the status (3xx)
	 * @param location the {@code Location} header, or {@code null}
	 * @return the exception
	 */
	ProviderRequestException redirected(int status, @Nullable String location) {
		String host = null;
		if (location != null) {
			try {
				host = URI.create(location.strip()).getHost();
			}
			catch (IllegalArgumentException ex) {
				// not a URI: named as unknown below
			}
		}
		String where = (host != null) ? "to " + host
				: ((location != null) ? "to a relative location" : "without a Location");
		return new ProviderRequestException(this.name, status, this.descriptor.displayName() + " (provider '"
				+ this.name + "') answered HTTP " + status + ": it redirected " + where
				+ " instead of answering. Check paracle.providers." + this.name + ".base-url: a proxy's or captive "
				+ "portal's login page, http:// instead of https://, or a moved API version.");
	}

	/**
	 * Return the exception for a call that got no answer.
	 * @param ex the I/O failure (the cause chain is searched for timeouts)
	 * @param key the key that was sent, or {@code null}
	 * @return the exception
	 */
	ProviderUnavailableException noAnswer(Throwable ex, @Nullable ApiKey key) {
		String prefix = this.descriptor.displayName() + " (provider '" + this.name + "') ";
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof HttpConnectTimeoutException
					|| "ConnectTimeoutException".equals(cause.getClass().getSimpleName())) {
				return new ProviderUnavailableException(this.name, 0, prefix + "could not be connected to within "
						+ format(this.connectTimeout) + " (paracle.providers." + this.name + ".connect-timeout).", ex);
			}
			if (cause instanceof HttpTimeoutException || cause instanceof java.net.SocketTimeoutException) {
				return new ProviderUnavailableException(this.name, 0, prefix + "did not answer within "
						+ format(this.readTimeout) + " (paracle.providers." + this.name + ".timeout).", ex);
			}
			if (cause instanceof ConnectException) {
				return new ProviderUnavailableException(this.name, 0,
						prefix + "could not be connected to: " + scrub(String.valueOf(cause.getMessage()), key)
								+ ". Check the network and paracle.providers." + this.name + ".base-url.",
						ex);
			}
		}
		return new ProviderUnavailableException(this.name, 0, prefix + "could not be reached: "
				+ cut(scrub(ex.getClass().getSimpleName() + ": " + ex.getMessage(), key)), ex);
	}

	/**
	 * Return the exception for a 2xx answer that could not be read. The parser's message quotes the body (for
	 * example {@code Unrecognized token '<the first word of the body>'}), which may be the key echoed back: it
	 * goes into the message scrubbed and cut, and the parser's exception is not kept as the cause.
	 * @param status the status
	 * @param ex the parse failure
	 * @param key the key that was sent, or {@code null}
	 * @return the exception
	 */
	InvalidResponseException unreadable(int status, JacksonException ex, @Nullable ApiKey key) {
		return new InvalidResponseException(this.name, status, this.descriptor.displayName() + " (provider '"
				+ this.name + "') answered HTTP " + status + " with a body that is not the expected JSON: "
				+ excerpt(ex.getClass().getSimpleName() + ": " + ex.getOriginalMessage(), key) + NOT_RETRIED, null);
	}

	/**
	 * Return the exception for an answer larger than {@code paracle.http.max-response-size}.
	 * @param status the status
	 * @param maxBytes the limit
	 * @return the exception
	 */
	InvalidResponseException tooLarge(int status, long maxBytes) {
		return new InvalidResponseException(this.name, status, this.descriptor.displayName() + " (provider '"
				+ this.name + "') answered HTTP " + status + " with more than " + DataSizes.format(maxBytes)
				+ " (paracle.http.max-response-size); the rest was not read" + NOT_RETRIED, null);
	}

	/**
	 * Return the exception for a call that did not complete within its {@code call-timeout}.
	 * @param callTimeout the call timeout
	 * @param attempts the attempts made
	 * @return the exception
	 */
	CallTimeoutException callTimeout(Duration callTimeout, int attempts) {
		return new CallTimeoutException(this.name, this.descriptor.displayName() + " (provider '" + this.name
				+ "') call did not complete within " + format(callTimeout) + " (paracle.providers." + this.name
				+ ".call-timeout) after " + attempts + ((attempts == 1) ? " attempt" : " attempts") + ".");
	}

	/**
	 * Return the exception for a stream whose body ended before the format's last event: the connection was closed
	 * mid-answer.
	 * @return the exception
	 */
	ProviderUnavailableException streamCut() {
		return new ProviderUnavailableException(this.name, 0, this.descriptor.displayName() + " (provider '"
				+ this.name + "') ended its stream before its last event: the connection was closed mid-answer.",
				null);
	}

	/**
	 * Return the exception for a 2xx answer that is JSON but holds no answer.
	 * @param status the status
	 * @param missing what is missing, e.g. {@code "no choices"}
	 * @return the exception
	 */
	InvalidResponseException noAnswerInBody(int status, String missing) {
		return new InvalidResponseException(this.name, status, this.descriptor.displayName() + " (provider '"
				+ this.name + "') answered HTTP " + status + " without an answer (" + missing + ")" + NOT_RETRIED,
				null);
	}
	/**
	 * Whether a 403 body says the key itself is bad (invalid, expired, revoked, suspended, unrecognised) rather
	 * than not allowed for this request (a model, region or permission).
	 */
	static boolean saysTheKeyIsBad(@Nullable String detail) {
		if (detail == null) {
			return false;
		}
		String text = detail.toLowerCase(Locale.ROOT);
		for (String marker : BAD_KEY_MARKERS) {
			if (text.contains(marker)) {
				return true;
			}
		}
		return false;
	}

	/**
	 * Return the provider's error type from an error body ({@code "type"}, {@code "code"} or {@code "status"}
	 * of the JSON, the AWS error code), or {@code null}.
	 * @param detail the body or message
	 * @return the error type
	 */
	static @Nullable String errorType(@Nullable String detail) {
		if (detail == null) {
			return null;
		}
		Matcher aws = AWS_ERROR_CODE.matcher(detail);
		if (aws.find()) {
			return aws.group(1);
		}
		// the most specific first: OpenAI's "code" (invalid_api_key) over its "type" (invalid_request_error)
		String found = null;
		int rank = Integer.MAX_VALUE;
		Matcher matcher = ERROR_TYPE.matcher(detail);
		while (matcher.find()) {
			int fieldRank = List.of("code", "type", "status").indexOf(matcher.group(1));
			if (!"error".equals(matcher.group(2)) && fieldRank < rank) {
				found = matcher.group(2);
				rank = fieldRank;
			}
		}
		return found;
	}

	private static String said(@Nullable String detail, @Nullable ApiKey key) {
		if (detail == null || detail.isBlank()) {
			return "";
		}
		return " Provider said: " + excerpt(detail, key);
	}

	/**
	 * Decode up to {@link #MAX_BODY_BYTES} of a body.
	 */
	static String decode(byte[] body) {
		return new String(body, 0, Math.min(body.length, MAX_BODY_BYTES), StandardCharsets.UTF_8);
	}

	/**
	 * Scrub, cut and flatten a text from outside for a message. Cutting comes before flattening so the excerpt
	 * is always taken from the start of the text, far from where a long body was truncated.
	 */
	static String excerpt(String text, @Nullable ApiKey key) {
		return cut(scrub(text, key).strip()).replaceAll("\\s+", " ");
	}

	/**
	 * Replace every occurrence of the key value with its fingerprint. Done before cutting, so no part of the
	 * key survives at the cut.
	 */
	static String scrub(String text, @Nullable ApiKey key) {
		if (key == null || key.secret().isEmpty()) {
			return text;
		}
		return text.replace(key.secret(), "[key " + key.fingerprint() + "]");
	}

	private static String cut(String text) {
		return (text.length() <= EXCERPT_LENGTH) ? text : text.substring(0, EXCERPT_LENGTH) + "...";
	}

	/**
	 * Formats byte counts as {@code 10MB}, {@code 512KB} or {@code 100B}.
	 */
	static final class DataSizes {

		private DataSizes() {
		}

		static String format(long bytes) {
			if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) == 0) {
				return (bytes / (1024 * 1024)) + "MB";
			}
			if (bytes >= 1024 && bytes % 1024 == 0) {
				return (bytes / 1024) + "KB";
			}
			return bytes + "B";
		}

	}

	static String format(Duration duration) {
		long millis = duration.toMillis();
		return (millis % 1000 == 0) ? (millis / 1000) + "s" : millis + "ms";
	}

}
