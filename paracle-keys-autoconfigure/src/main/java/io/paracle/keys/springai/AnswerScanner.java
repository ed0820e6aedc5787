package io.paracle.keys.springai;

import java.io.IOException;
import java.io.UncheckedIOException;

import okio.Buffer;
import okio.ByteString;
import org.jspecify.annotations.Nullable;

/**
 * Reads what paracle measures from an answer's bytes as the SDK reads them, without a copy and without parsing
 * the JSON: the token usage ({@code prompt_tokens}/{@code completion_tokens} of OpenAI, {@code input_tokens}/
 * {@code output_tokens} of Anthropic, {@code promptTokenCount}/{@code candidatesTokenCount} of Gemini; the last
 * value of each wins, as a stream's final usage is cumulative), the model that answered (the first
 * {@code "model"} value, Gemini's {@code "modelVersion"}), and a stream's end event ({@code data: [DONE]},
 * {@code message_stop}). Strings longer than 64 bytes are skipped; escapes are honoured.
 *
 * @author paracle-keys
 */
final class AnswerScanner {

	private static final int OUTSIDE = 0;

	private static final int IN_STRING = 1;

	private static final int AFTER_STRING = 2;

	private static final int BEFORE_VALUE = 3;

	private static final int IN_NUMBER = 4;

	private static final int INPUT = 1;

	private static final int OUTPUT = 2;

	private static final int MAX_STRING = 64;

	private static final ByteString MODEL_FIELD = ByteString.encodeUtf8("\"model\"");

	private static final ByteString USAGE_FIELD = ByteString.encodeUtf8("\"usage\"");

	private static final ByteString USAGE_METADATA_FIELD = ByteString.encodeUtf8("\"usageMetadata\"");

	/** The longest request model read (a longer one is not a model name). */
	private static final int MAX_REQUEST_MODEL = 128;

	/** How many {@code "model"} strings are tried before the answer is taken to name no model up front. */
	private static final int MAX_MODEL_TRIES = 4;

	/** How many bytes from {@code "model"} are enough for its value: the field name, a colon and the name. */
	private static final int MODEL_WINDOW = 8 + 4 + MAX_STRING + 2;

	private static final byte[] DONE = "[DONE]".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

	private final byte[] string = new byte[MAX_STRING];

	private int length;

	private boolean tooLong;

	private boolean escaped;

	private int state = OUTSIDE;

	private int field;

	private boolean modelValue;

	private long number;

	private int doneMatched;

	private long inputTokens = -1;

	private long outputTokens = -1;

	private @Nullable String model;

	private boolean endSeen;

	/**
	 * Read the usage and the model of a whole blocking answer in a buffer, without consuming or copying it: only
	 * short windows from its {@code "model"} occurrences (until one is the field) and the bytes from its usage
	 * field ({@code "usage"}, Gemini's {@code "usageMetadata"}) to the end are scanned, which also holds Gemini's
	 * {@code "modelVersion"}. A name cannot occur unescaped inside a JSON string, so a match is a field name or a
	 * value such as Gemini's {@code "role":"model"}, which the scanner tells apart.
	 * @param buffer the whole answer
	 */
	void scanAnswer(Buffer buffer) {
		long size = buffer.size();
		long model = indexOf(buffer, MODEL_FIELD, 0);
		for (int tries = 0; model >= 0 && this.model == null && tries < MAX_MODEL_TRIES; tries++) {
			scan(buffer, model, Math.min(size, model + MODEL_WINDOW));
			reset();
			model = indexOf(buffer, MODEL_FIELD, model + MODEL_FIELD.size());
		}
		long usage = indexOf(buffer, USAGE_FIELD, 0);
		long metadata = indexOf(buffer, USAGE_METADATA_FIELD, 0);
		long from = (usage < 0) ? metadata : (metadata < 0) ? usage : Math.min(usage, metadata);
		if (from >= 0) {
			scan(buffer, from, size);
		}
	}

	/**
	 * Return the model a request's JSON asks for (its first {@code "model"} string), found by index, without a
	 * parser; {@code last} when the name is the same, so a steady model costs no new string.
	 * @param request the request's bytes (read up to the model when a new name is taken from them)
	 * @param last the model of the last request, or {@code null}
	 * @return the model, or {@code null} when the request names none (or an escaped one)
	 * @throws IOException never in practice: a buffer reads from nowhere
	 */
	static @Nullable String requestModel(Buffer request, @Nullable String last) throws IOException {
		long field = indexOf(request, MODEL_FIELD, 0);
		if (field < 0) {
			return null;
		}
		long start = field + MODEL_FIELD.size();
		long size = request.size();
		while (start < size && (request.getByte(start) == ':' || isWhitespace(request.getByte(start)))) {
			start++;
		}
		if (start >= size || request.getByte(start) != '"') {
			return null;
		}
		start++;
		long end = request.indexOf((byte) '"', start, Math.min(size, start + MAX_REQUEST_MODEL));
		if (end < 0 || request.indexOf((byte) '\\', start, end) >= 0) {
			return null;
		}
		if (last != null && sameAscii(request, start, end, last)) {
			return last;
		}
		request.skip(start);
		return request.readUtf8(end - start);
	}

	private static boolean sameAscii(Buffer buffer, long start, long end, String text) {
		if (text.length() != end - start) {
			return false;
		}
		for (int i = 0; i < text.length(); i++) {
			if (buffer.getByte(start + i) != text.charAt(i)) {
				return false;
			}
		}
		return true;
	}

	private void reset() {
		this.state = OUTSIDE;
		this.escaped = false;
		this.modelValue = false;
		this.field = 0;
	}

	private static long indexOf(Buffer buffer, ByteString bytes, long from) {
		try {
			return buffer.indexOf(bytes, from);
		}
		catch (IOException ex) {
			// a Buffer reads nothing from anywhere: declared by BufferedSource, never thrown here
			throw new UncheckedIOException(ex);
		}
	}

	private void scan(Buffer buffer, long from, long to) {
		// Buffer#getByte finds a byte from the nearer end of the buffer: no cursor to allocate, and the usage,
		// near the end, is read from the last segment
		for (long i = from; i < to; i++) {
			scan(buffer.getByte(i));
		}
	}

	void scan(byte b) {
		switch (this.state) {
			case IN_STRING -> inString(b);
			case AFTER_STRING -> afterString(b);
			case BEFORE_VALUE -> beforeValue(b);
			case IN_NUMBER -> inNumber(b);
			default -> outside(b);
		}
	}

	private void outside(byte b) {
		if (b == '"') {
			this.state = IN_STRING;
			this.length = 0;
			this.tooLong = false;
			this.escaped = false;
			return;
		}
		this.doneMatched = (b == DONE[this.doneMatched]) ? this.doneMatched + 1 : ((b == DONE[0]) ? 1 : 0);
		if (this.doneMatched == DONE.length) {
			this.endSeen = true;
			this.doneMatched = 0;
		}
	}

	private void inString(byte b) {
		if (this.escaped) {
			this.escaped = false;
			append(b);
		}
		else if (b == '\\') {
			this.escaped = true;
		}
		else if (b == '"') {
			stringEnded();
		}
		else {
			append(b);
		}
	}

	private void append(byte b) {
		if (this.length < MAX_STRING) {
			this.string[this.length++] = b;
		}
		else {
			this.tooLong = true;
		}
	}

	private void stringEnded() {
		this.state = AFTER_STRING;
		if (this.tooLong) {
			this.modelValue = false;
			return;
		}
		if (this.modelValue) {
			this.modelValue = false;
			if (this.model == null) {
				this.model = new String(this.string, 0, this.length, java.nio.charset.StandardCharsets.UTF_8);
			}
			this.state = OUTSIDE;
		}
		else if (is("message_stop")) {
			this.endSeen = true;
		}
	}

	private void afterString(byte b) {
		if (isWhitespace(b)) {
			return;
		}
		if (b != ':') {
			this.state = OUTSIDE;
			outside(b);
			return;
		}
		this.field = 0;
		if (!this.tooLong) {
			if (is("prompt_tokens") || is("input_tokens") || is("promptTokenCount")) {
				this.field = INPUT;
			}
			else if (is("completion_tokens") || is("output_tokens") || is("candidatesTokenCount")) {
				this.field = OUTPUT;
			}
			else if (is("model") || is("modelVersion")) {
				this.modelValue = true;
			}
		}
		this.state = BEFORE_VALUE;
	}

	private void beforeValue(byte b) {
		if (isWhitespace(b)) {
			return;
		}
		if (this.field != 0 && b >= '0' && b <= '9') {
			this.number = b - '0';
			this.state = IN_NUMBER;
			return;
		}
		this.field = 0;
		if (b != '"') {
			this.modelValue = false;
		}
		this.state = OUTSIDE;
		outside(b);
	}

	private void inNumber(byte b) {
		if (b >= '0' && b <= '9') {
			this.number = this.number * 10 + (b - '0');
			return;
		}
		if (this.field == INPUT) {
			this.inputTokens = this.number;
		}
		else {
			this.outputTokens = this.number;
		}
		this.field = 0;
		this.state = OUTSIDE;
		outside(b);
	}

	private boolean is(String ascii) {
		if (ascii.length() != this.length) {
			return false;
		}
		for (int i = 0; i < this.length; i++) {
			if (this.string[i] != ascii.charAt(i)) {
				return false;
			}
		}
		return true;
	}

	private static boolean isWhitespace(byte b) {
		return b == ' ' || b == '\n' || b == '\r' || b == '\t';
	}

	boolean hasTokens() {
		return this.inputTokens >= 0 || this.outputTokens >= 0;
	}

	long inputTokens() {
		return Math.max(0, this.inputTokens);
	}

	long outputTokens() {
		return Math.max(0, this.outputTokens);
	}

	@Nullable String model() {
		return this.model;
	}

	boolean endSeen() {
		return this.endSeen;
	}

}
