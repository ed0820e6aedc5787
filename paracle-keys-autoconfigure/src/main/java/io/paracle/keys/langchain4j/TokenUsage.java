package io.paracle.keys.langchain4j;

import java.nio.charset.StandardCharsets;

import org.jspecify.annotations.Nullable;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.ObjectReadContext;
import tools.jackson.core.json.JsonFactory;

/**
 * The token usage of an answer, read from its JSON without building a tree: OpenAI's {@code usage}
 * ({@code prompt_tokens}, {@code completion_tokens}), Anthropic's ({@code input_tokens}, {@code output_tokens},
 * also inside {@code message}), Gemini's {@code usageMetadata} ({@code promptTokenCount},
 * {@code candidatesTokenCount}), and the model that answered ({@code model}, {@code modelVersion}). Read several
 * times (the events of a stream), the last value of each count wins: the providers send cumulative counts.
 * Malformed JSON leaves what was read so far.
 *
 * @author paracle-keys
 */
final class TokenUsage {

	private static final JsonFactory JSON = JsonFactory.builder().build();

	private long inputTokens;

	private long outputTokens;

	private @Nullable String model;

	void read(String json) {
		read(json.getBytes(StandardCharsets.UTF_8));
	}

	void read(byte[] json) {
		try (JsonParser parser = JSON.createParser(ObjectReadContext.empty(), json)) {
			if (parser.nextToken() == JsonToken.START_OBJECT) {
				readObject(parser, 0);
			}
		}
		catch (RuntimeException ex) {
			// not JSON, or cut short: the model reports it; the counts read so far stay
		}
	}

	private void readObject(JsonParser parser, int depth) {
		while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
			String name = parser.currentName();
			JsonToken value = parser.nextToken();
			if (value == JsonToken.START_OBJECT && ("usage".equals(name) || "usageMetadata".equals(name))) {
				readCounts(parser);
			}
			else if (value == JsonToken.START_OBJECT && depth == 0 && "message".equals(name)) {
				readObject(parser, depth + 1);
			}
			else if (value == JsonToken.VALUE_STRING && ("model".equals(name) || "modelVersion".equals(name))) {
				this.model = parser.getString();
			}
			else {
				parser.skipChildren();
			}
		}
	}

	private void readCounts(JsonParser parser) {
		while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
			String name = parser.currentName();
			JsonToken value = parser.nextToken();
			if (value != null && value.isNumeric()) {
				switch (name) {
					case "prompt_tokens", "input_tokens", "promptTokenCount" -> this.inputTokens = parser.getLongValue();
					case "completion_tokens", "output_tokens", "candidatesTokenCount" ->
						this.outputTokens = parser.getLongValue();
					default -> {
					}
				}
			}
			else {
				parser.skipChildren();
			}
		}
	}

	long inputTokens() {
		return this.inputTokens;
	}

	long outputTokens() {
		return this.outputTokens;
	}

	long total() {
		return this.inputTokens + this.outputTokens;
	}

	@Nullable String model() {
		return this.model;
	}

}
