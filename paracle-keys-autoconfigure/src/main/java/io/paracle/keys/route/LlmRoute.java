package io.paracle.keys.route;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

import io.paracle.keys.catalog.ProviderDescriptor;
import io.paracle.keys.provider.ChatRequest;
import io.paracle.keys.provider.ChatResponse;
import io.paracle.keys.provider.ChatStream;
import io.paracle.keys.provider.KeyDescription;
import io.paracle.keys.provider.KeyVerification;
import io.paracle.keys.provider.LlmProvider;
import io.paracle.keys.resolve.KeyOrigin;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.util.Assert;

/**
 * A route ({@code paracle.routes.<name>}): an {@link LlmProvider} that hands each call to the first of its member
 * provider configurations that can take it. A call moves on to the next member when the current one has no usable
 * key (every key cooling after 429s, or refused), answers 5xx after its own retries, times out or cannot be reached
 * ({@link FallbackReason}); any other failure (400, 404, 422, an unreadable answer) reaches the caller at once. Each
 * member runs its own call pipeline: its keys, limits, retries and meters. When no member could take the call,
 * {@link RouteUnavailableException} lists each member's reason.
 * <p>
 * {@link ChatResponse#provider()} names the member that answered. A member's model is
 * {@code paracle.routes.<name>.models.<member>}, else the request's model, else the member's default model.
 *
 * @author paracle-keys
 */
public final class LlmRoute implements LlmProvider {

	private static final Log logger = LogFactory.getLog(LlmRoute.class);

	private final String name;

	private final List<Member> members;

	private final RouteListener listener;

	/**
	 * Create a route.
	 * @param name the route name (also the bean name)
	 * @param members the member providers, in the order they are tried
	 * @param models the model of each member by configuration name (members without one are absent)
	 * @param listener told of every fallback
	 */
	public LlmRoute(String name, List<? extends LlmProvider> members, Map<String, String> models,
			RouteListener listener) {
		Assert.hasText(name, "name must not be empty");
		Assert.notEmpty(members, "members must not be empty");
		Assert.notNull(listener, "listener must not be null");
		this.name = name;
		List<Member> list = new ArrayList<>();
		for (LlmProvider member : members) {
			list.add(new Member(member, models.get(member.name())));
		}
		this.members = List.copyOf(list);
		this.listener = listener;
	}

	@Override
	public String name() {
		return this.name;
	}

	/**
	 * Return the catalog entry of the first member: the provider the route prefers.
	 * @return the first member's descriptor
	 */
	@Override
	public ProviderDescriptor descriptor() {
		return this.members.get(0).provider().descriptor();
	}

	/**
	 * Return the members, in the order they are tried.
	 * @return the member providers
	 */
	public List<LlmProvider> members() {
		return this.members.stream().map(Member::provider).toList();
	}

	/**
	 * Return the model the route asks a member for, when configured.
	 * @param member the member's configuration name
	 * @return the model, or {@code null} when the member gets the request's or its own default model
	 */
	public @Nullable String model(String member) {
		for (Member candidate : this.members) {
			if (candidate.provider().name().equals(member)) {
				return candidate.model();
			}
		}
		return null;
	}

	/**
	 * Send a chat request to the first member that can take it.
	 * @param request the request, without a per-call key (a key belongs to one provider: call the member)
	 * @return the answer, {@link ChatResponse#provider()} naming the member that gave it
	 * @throws RouteUnavailableException when no member could take the call
	 */
	@Override
	public ChatResponse chat(ChatRequest request) {
		Assert.notNull(request, "request must not be null");
		Assert.isTrue(request.apiKey() == null, () -> "Route '" + this.name + "' does not take a per-call key: a key "
				+ "belongs to one provider; call a member of the route (" + memberNames() + ") with it instead");
		return firstAnswering((member, model) -> {
			ChatResponse response = member.chat(memberRequest(request, model));
			return (response.provider() != null) ? response
					: response.answeredBy(member.name(), response.keyFingerprint());
		});
	}

	/**
	 * Stream a chat request from the first member that can take it. A member's stream opens only once its first
	 * chunk arrived, so the route falls over exactly as {@link #chat(ChatRequest)} does, and only before the first
	 * chunk: once a chunk reached the caller, an error ends the stream (no other member repeats the text).
	 * @param request the request, without a per-call key
	 * @return the open stream, {@link ChatStream#provider()} naming the member that streams it
	 * @throws RouteUnavailableException when no member could take the call
	 */
	@Override
	public ChatStream stream(ChatRequest request) {
		Assert.notNull(request, "request must not be null");
		Assert.isTrue(request.apiKey() == null, () -> "Route '" + this.name + "' does not take a per-call key: a key "
				+ "belongs to one provider; call a member of the route (" + memberNames() + ") with it instead");
		return firstAnswering((member, model) -> member.stream(memberRequest(request, model)));
	}

	private static ChatRequest memberRequest(ChatRequest request, @Nullable String model) {
		return (model != null && !model.equals(request.model())) ? request.toBuilder().model(model).build() : request;
	}

	/**
	 * List the models of the first member that answers, falling over as {@link #chat(ChatRequest)} does.
	 * @return the model ids of that member
	 */
	@Override
	public List<String> listModels() {
		return firstAnswering((member, model) -> member.listModels());
	}

	/**
	 * Verify the members' keys in order: the first member that accepts its key answers for the route, else the
	 * first member's verification. The result is named after the route; its message names the member.
	 * @return the verification
	 */
	@Override
	public KeyVerification verifyKey() {
		KeyVerification first = null;
		for (Member member : this.members) {
			KeyVerification verification = member.provider().verifyKey();
			if (verification.isValid()) {
				return forRoute(member, verification);
			}
			if (first == null) {
				first = forRoute(member, verification);
			}
		}
		Assert.state(first != null, "a route has members");
		return first;
	}

	/**
	 * Describe the members' keys together: their count and fingerprints in route order, the first member's origin.
	 * @return the description, named after the route
	 */
	@Override
	public KeyDescription keyDescription() {
		int count = 0;
		List<String> fingerprints = new ArrayList<>();
		KeyOrigin origin = null;
		for (Member member : this.members) {
			KeyDescription description = member.provider().keyDescription();
			count += description.count();
			fingerprints.addAll(description.fingerprints());
			if (origin == null) {
				origin = description.origin();
			}
		}
		return new KeyDescription(this.name, count, fingerprints, origin);
	}

	/**
	 * Run a call on each member in turn until one answers. Only the failures of {@link FallbackReason} move on;
	 * a member's call must fail before it hands anything to the caller (a stream: before its first chunk).
	 */
	private <T> T firstAnswering(BiFunction<LlmProvider, @Nullable String, T> call) {
		Map<String, RuntimeException> failures = new LinkedHashMap<>();
		for (int index = 0; index < this.members.size(); index++) {
			Member member = this.members.get(index);
			try {
				return call.apply(member.provider(), member.model());
			}
			catch (RuntimeException ex) {
				FallbackReason reason = FallbackReason.of(ex);
				if (reason == null) {
					throw ex;
				}
				failures.put(member.provider().name(), ex);
				if (index + 1 < this.members.size()) {
					String next = this.members.get(index + 1).provider().name();
					if (logger.isDebugEnabled()) {
						logger.debug("Route '" + this.name + "': " + member.provider().name() + " could not take the "
								+ "call (" + reason.tagValue() + "), trying " + next);
					}
					this.listener.onFallback(this.name, member.provider().name(), next, reason);
				}
			}
		}
		throw new RouteUnavailableException(this.name, failures);
	}

	private KeyVerification forRoute(Member member, KeyVerification verification) {
		return new KeyVerification(this.name, verification.status(), verification.httpStatus(),
				verification.fingerprint(),
				"route '" + this.name + "', member '" + member.provider().name() + "': " + verification.message());
	}

	private List<String> memberNames() {
		return this.members.stream().map((member) -> member.provider().name()).toList();
	}

	@Override
	public String toString() {
		return "LlmRoute[" + this.name + " -> " + memberNames() + "]";
	}

	private record Member(LlmProvider provider, @Nullable String model) {

	}

}
