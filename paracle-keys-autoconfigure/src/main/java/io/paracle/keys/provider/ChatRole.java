package io.paracle.keys.provider;

/**
 * Who wrote a {@link ChatMessage}.
 *
 * @author paracle-keys
 */
public enum ChatRole {

	/** Instructions for the model: a top-level {@code system} field for Anthropic, {@code systemInstruction} for Gemini. */
	SYSTEM,

	/** The user's turn. */
	USER,

	/** An earlier answer of the model ({@code model} for Gemini). */
	ASSISTANT

}
