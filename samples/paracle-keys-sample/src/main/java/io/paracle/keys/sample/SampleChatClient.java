package io.paracle.keys.sample;

import io.paracle.keys.provider.ChatRequest;
import io.paracle.keys.provider.ChatResponse;

/**
 * One way the test route answers ({@code POST /api/v1/agents/test?client=<name>}): through paracle's own client
 * ({@code paracle}, the default), or through a framework over paracle's keys ({@code spring-ai},
 * {@code langchain4j}) when it is on the class path. Every implementation answers with the same reply shape,
 * including the fingerprint of the key that answered.
 *
 * @author paracle-keys
 */
interface SampleChatClient {

	/** The name of the default client: paracle's own. */
	String PARACLE = "paracle";

	/**
	 * Return the value of the {@code client} parameter that selects this client.
	 * @return the name
	 */
	String name();

	/**
	 * Answer a chat request through the provider configuration of that name.
	 * @param configuration the paracle configuration (or route) name, known to be active
	 * @param request the request (with a per-call key only for the default client: the others are never handed one)
	 * @return the answer, with the fingerprint of the key used
	 */
	ChatResponse chat(String configuration, ChatRequest request);

}
