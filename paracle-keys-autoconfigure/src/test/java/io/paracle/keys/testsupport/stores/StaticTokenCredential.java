package io.paracle.keys.testsupport.stores;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

import com.azure.core.credential.AccessToken;
import com.azure.core.credential.TokenCredential;
import com.azure.core.credential.TokenRequestContext;
import reactor.core.publisher.Mono;

/**
 * An Azure {@link TokenCredential} that hands out one fixed bearer token, valid for an
 * hour from each request, and remembers the scopes it was asked for. For tests against
 * {@link FakeKeyVaultServer}: real credentials need Microsoft Entra ID on the internet.
 */
public final class StaticTokenCredential implements TokenCredential {

	private static final Duration VALIDITY = Duration.ofHours(1);

	private final String token;

	private final List<List<String>> requestedScopes = new CopyOnWriteArrayList<>();

	/**
	 * Create a credential for the given token.
	 * @param token the bearer token to hand out
	 */
	public StaticTokenCredential(String token) {
		this.token = Objects.requireNonNull(token, "token");
	}

	@Override
	public Mono<AccessToken> getToken(TokenRequestContext request) {
		return Mono.fromSupplier(() -> getTokenSync(request));
	}

	@Override
	public AccessToken getTokenSync(TokenRequestContext request) {
		this.requestedScopes.add(List.copyOf(request.getScopes()));
		return new AccessToken(this.token, OffsetDateTime.now().plus(VALIDITY));
	}

	/**
	 * Return the scopes of every token request so far, oldest first.
	 * @return a snapshot of the requested scopes
	 */
	public List<List<String>> requestedScopes() {
		return List.copyOf(this.requestedScopes);
	}

}
