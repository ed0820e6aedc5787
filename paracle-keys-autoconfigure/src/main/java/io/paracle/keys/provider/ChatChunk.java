package io.paracle.keys.provider;

import org.jspecify.annotations.Nullable;

/**
 * One piece of a streamed answer ({@link LlmProvider#stream(ChatRequest)}): a text delta, in order, and at the
 * end one last chunk with why generation stopped and the token usage the provider reported for the whole stream.
 * The last chunk's text is empty.
 *
 * @param text the text delta (empty on the last chunk)
 * @param last whether this is the stream's last chunk
 * @param finishReason why generation stopped, as the provider says it ({@code stop}, {@code end_turn},
 * {@code STOP}, {@code COMPLETE}, ...); {@code null} on text chunks, or when the provider said nothing
 * @param inputTokens prompt tokens the provider counted, {@code 0} on text chunks or when it reported none
 * @param outputTokens generated tokens the provider counted, {@code 0} on text chunks or when it reported none
 * @author paracle-keys
 */
public record ChatChunk(String text, boolean last, @Nullable String finishReason, long inputTokens,
		long outputTokens) {

	/**
	 * Create a text chunk.
	 * @param text the text delta
	 * @return the chunk
	 */
	public static ChatChunk text(String text) {
		return new ChatChunk(text, false, null, 0, 0);
	}

	/**
	 * Create the last chunk of a stream.
	 * @param finishReason why generation stopped, or {@code null}
	 * @param inputTokens the prompt tokens
	 * @param outputTokens the generated tokens
	 * @return the chunk
	 */
	public static ChatChunk last(@Nullable String finishReason, long inputTokens, long outputTokens) {
		return new ChatChunk("", true, finishReason, inputTokens, outputTokens);
	}

}
