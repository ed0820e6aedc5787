package io.paracle.keys.sample;

import java.net.URI;
import java.time.Duration;
import java.util.Set;

import io.paracle.keys.provider.BudgetExceededException;
import io.paracle.keys.provider.InvalidApiKeyException;
import io.paracle.keys.provider.LlmProviderException;
import io.paracle.keys.provider.ProviderUnavailableException;
import io.paracle.keys.provider.RateLimitExceededException;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Turns the starter's exceptions into RFC 9457 problem details carrying the starter's message (which never
 * holds a key): an invalid key becomes 502 with the guide's checklist, a rate limit 429 with Retry-After, an
 * unknown provider 400.
 *
 * @author paracle-keys
 */
@RestControllerAdvice
class SampleErrors {

	/** The type of every problem the sample answers with. */
	static final URI TYPE = URI.create("https://github.com/paracle/paracle-keys#troubleshooting");

	@ExceptionHandler
	ResponseEntity<ProblemDetail> invalidKey(InvalidApiKeyException ex) {
		ProblemDetail problem = problem(HttpStatus.BAD_GATEWAY, "invalid API key", ex.getMessage());
		problem.setProperty("provider", ex.getProvider());
		problem.setProperty("fingerprint", ex.getFingerprint());
		return ResponseEntity.status(HttpStatus.BAD_GATEWAY).body(problem);
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> keyOverrideRejected(KeyOverrideRejectedException ex) {
		ProblemDetail problem = problem(HttpStatus.BAD_GATEWAY, "invalid API key", ex.getMessage());
		problem.setProperty("provider", ex.getProvider());
		problem.setProperty("keyTest", java.util.Map.of("worked", false, "fingerprint", ex.getFingerprint()));
		return ResponseEntity.status(HttpStatus.BAD_GATEWAY).body(problem);
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> rateLimited(RateLimitExceededException ex) {
		ProblemDetail problem = problem(HttpStatus.TOO_MANY_REQUESTS, "rate limit exceeded", ex.getMessage());
		problem.setProperty("provider", ex.getProvider());
		ResponseEntity.BodyBuilder response = ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS);
		Duration retryAfter = ex.getRetryAfter();
		if (retryAfter != null) {
			long seconds = Math.max(1, (retryAfter.toMillis() + 999) / 1000);
			response.header(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
			problem.setProperty("retryAfterSeconds", seconds);
		}
		return response.body(problem);
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> budgetExceeded(BudgetExceededException ex) {
		ProblemDetail problem = problem(HttpStatus.TOO_MANY_REQUESTS, "token budget used up", ex.getMessage());
		problem.setProperty("provider", ex.getProvider());
		problem.setProperty("budget", ex.getBudget());
		problem.setProperty("resetsAt", ex.getResetsAt().toString());
		return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS).body(problem);
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> unavailable(ProviderUnavailableException ex) {
		ProblemDetail problem = problem(HttpStatus.SERVICE_UNAVAILABLE, "provider unavailable", ex.getMessage());
		problem.setProperty("provider", ex.getProvider());
		return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE).body(problem);
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> providerError(LlmProviderException ex) {
		ProblemDetail problem = problem(HttpStatus.BAD_GATEWAY, "provider error", ex.getMessage());
		problem.setProperty("provider", ex.getProvider());
		return ResponseEntity.status(HttpStatus.BAD_GATEWAY).body(problem);
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> unknownProvider(UnknownProviderException ex) {
		ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "unknown provider", ex.getMessage());
		problem.setProperty("activeProviders", ex.getActive());
		return ResponseEntity.badRequest().body(problem);
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> malformedKeyOverride(MalformedKeyOverrideException ex) {
		return ResponseEntity.badRequest().body(problem(HttpStatus.BAD_REQUEST, "malformed API key", ex.getMessage()));
	}

	@ExceptionHandler
	ResponseEntity<ProblemDetail> badMessage(BadMessageException ex) {
		return ResponseEntity.badRequest().body(problem(HttpStatus.BAD_REQUEST, "bad request", ex.getMessage()));
	}

	/**
	 * Return the problem an exception of a provider call answers with, for routes that cannot answer with a
	 * status any more (a stream's {@code error} event).
	 */
	ProblemDetail problemOf(RuntimeException ex) {
		ResponseEntity<ProblemDetail> response;
		if (ex instanceof InvalidApiKeyException invalidKey) {
			response = invalidKey(invalidKey);
		}
		else if (ex instanceof RateLimitExceededException rateLimited) {
			response = rateLimited(rateLimited);
		}
		else if (ex instanceof ProviderUnavailableException unavailable) {
			response = unavailable(unavailable);
		}
		else if (ex instanceof LlmProviderException provider) {
			response = providerError(provider);
		}
		else {
			return problem(HttpStatus.INTERNAL_SERVER_ERROR, "stream failed", "The stream failed.");
		}
		ProblemDetail problem = response.getBody();
		if (ex instanceof LlmProviderException provider && provider.getPartialText() != null) {
			problem.setProperty("partialText", provider.getPartialText());
		}
		return problem;
	}

	private static ProblemDetail problem(HttpStatus status, String title, String detail) {
		ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
		problem.setTitle(title);
		problem.setType(TYPE);
		return problem;
	}

}

/** No active provider of that name. */
class UnknownProviderException extends RuntimeException {

	private final Set<String> active;

	UnknownProviderException(String name, Set<String> active) {
		super("Provider '" + name + "' is not active. Active providers: " + active
				+ ". Set its key (e.g. OPENAI_API_KEY) or choose another with ?provider=<name>.");
		this.active = active;
	}

	Set<String> getActive() {
		return this.active;
	}

}

/** The request body is not what the endpoint expects. */
class BadMessageException extends RuntimeException {

	BadMessageException(String message) {
		super(message);
	}

}

/** The key from the Authorization header fails the checks every key gets (the message says which, never the key). */
class MalformedKeyOverrideException extends RuntimeException {

	MalformedKeyOverrideException(String message) {
		super(message);
	}

}

/** The key from the Authorization header was refused by the provider. */
class KeyOverrideRejectedException extends RuntimeException {

	private final String provider;

	private final String fingerprint;

	KeyOverrideRejectedException(String provider, String fingerprint, InvalidApiKeyException cause) {
		super("The key from the Authorization header (" + fingerprint + ") was refused by provider '" + provider
				+ "': invalid API key. Do not switch to it. " + cause.getMessage(), cause);
		this.provider = provider;
		this.fingerprint = fingerprint;
	}

	String getProvider() {
		return this.provider;
	}

	String getFingerprint() {
		return this.fingerprint;
	}

}
