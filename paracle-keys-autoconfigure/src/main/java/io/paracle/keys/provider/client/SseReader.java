package io.paracle.keys.provider.client;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.jspecify.annotations.Nullable;

/**
 * Reads server-sent events (the {@code text/event-stream} format of the WHATWG HTML standard) from a body, the
 * one reader of every streaming wire format. Tolerant as the standard asks: lines end with LF, CRLF or CR;
 * {@code data:} lines of one event are joined with LF; one space after the colon is dropped; comment lines
 * ({@code :} first) and unknown fields ({@code id:}, {@code retry:}) are skipped; an event whose stream ends
 * without a blank line is still delivered. The data is handed over as bytes, reused from event to event, so
 * that a JSON parser reads it without a string per event.
 *
 * @author paracle-keys
 */
final class SseReader {

	private static final byte[] DATA = "data".getBytes(StandardCharsets.US_ASCII);

	private static final byte[] EVENT = "event".getBytes(StandardCharsets.US_ASCII);

	private final InputStream in;

	private final byte[] buffer = new byte[8192];

	private int position;

	private int limit;

	private boolean eof;

	/** Whether the previous line ended with CR, so that an LF right after it ends no line. */
	private boolean afterCr;

	private byte[] line = new byte[256];

	private int lineLength;

	private byte[] data = new byte[1024];

	private int dataLength;

	private boolean hasData;

	private @Nullable String event;

	private @Nullable String pendingEvent;

	SseReader(InputStream in) {
		this.in = in;
	}

	/**
	 * Read up to the end of the next event that has data.
	 * @return whether an event was read; {@code false} at the end of the body
	 * @throws IOException when the body cannot be read
	 */
	boolean next() throws IOException {
		this.dataLength = 0;
		this.hasData = false;
		this.pendingEvent = null;
		while (readLine()) {
			if (this.lineLength == 0) {
				if (this.hasData) {
					this.event = this.pendingEvent;
					return true;
				}
				// a blank line after an event without data (or after nothing) dispatches nothing
				this.pendingEvent = null;
				continue;
			}
			field();
		}
		if (this.hasData) {
			// the body ended without the blank line after the last event
			this.event = this.pendingEvent;
			return true;
		}
		return false;
	}

	/**
	 * Return the {@code event:} name of the event read last.
	 * @return the name, or {@code null} when the event has none (the standard's {@code message})
	 */
	@Nullable String event() {
		return this.event;
	}

	/**
	 * Return the data of the event read last: its first {@link #dataLength()} bytes, valid until the next read.
	 * @return the data
	 */
	byte[] data() {
		return this.data;
	}

	int dataLength() {
		return this.dataLength;
	}

	/**
	 * Return whether the data of the event read last is exactly the given ASCII text, e.g. {@code [DONE]}.
	 */
	boolean dataIs(byte[] ascii) {
		return Arrays.equals(this.data, 0, this.dataLength, ascii, 0, ascii.length);
	}

	String dataAsString() {
		return new String(this.data, 0, this.dataLength, StandardCharsets.UTF_8);
	}

	/**
	 * Read what is left of the body, up to a bound, so that the client sees its end and keeps the connection.
	 * @param maxBytes the most bytes read
	 * @return whether the body ended within the bound
	 */
	boolean drain(int maxBytes) throws IOException {
		int left = maxBytes - (this.limit - this.position);
		this.position = this.limit;
		while (left >= 0) {
			if (!fill()) {
				return true;
			}
			left -= this.limit;
			this.position = this.limit;
		}
		return false;
	}

	private void field() {
		byte[] line = this.line;
		int length = this.lineLength;
		if (line[0] == ':') {
			return;
		}
		int colon = indexOf(line, length, (byte) ':');
		int nameEnd = (colon >= 0) ? colon : length;
		int valueStart = (colon >= 0) ? colon + 1 : length;
		if (valueStart < length && line[valueStart] == ' ') {
			valueStart++;
		}
		if (isName(line, nameEnd, DATA)) {
			appendData(line, valueStart, length - valueStart);
		}
		else if (isName(line, nameEnd, EVENT)) {
			this.pendingEvent = eventName(line, valueStart, length - valueStart);
		}
	}

	private void appendData(byte[] source, int offset, int length) {
		int needed = this.dataLength + length + (this.hasData ? 1 : 0);
		if (needed > this.data.length) {
			this.data = Arrays.copyOf(this.data, Math.max(needed, this.data.length * 2));
		}
		if (this.hasData) {
			this.data[this.dataLength++] = '\n';
		}
		System.arraycopy(source, offset, this.data, this.dataLength, length);
		this.dataLength += length;
		this.hasData = true;
	}

	/**
	 * Return the event name, the previous event's string when it is the same (no string per event).
	 */
	private String eventName(byte[] source, int offset, int length) {
		String previous = this.event;
		if (previous != null && previous.length() == length) {
			boolean same = true;
			for (int i = 0; i < length && same; i++) {
				same = previous.charAt(i) == (source[offset + i] & 0xff);
			}
			if (same) {
				return previous;
			}
		}
		return new String(source, offset, length, StandardCharsets.UTF_8);
	}

	/**
	 * Read the next line into {@link #line} without its end.
	 * @return whether a line was read; {@code false} at the end of the body with nothing left
	 */
	private boolean readLine() throws IOException {
		this.lineLength = 0;
		boolean any = false;
		while (true) {
			if (this.position == this.limit && !fill()) {
				return any;
			}
			byte value = this.buffer[this.position++];
			if (this.afterCr) {
				this.afterCr = false;
				if (value == '\n') {
					continue;
				}
			}
			if (value == '\n') {
				return true;
			}
			if (value == '\r') {
				this.afterCr = true;
				return true;
			}
			any = true;
			if (this.lineLength == this.line.length) {
				this.line = Arrays.copyOf(this.line, this.line.length * 2);
			}
			this.line[this.lineLength++] = value;
		}
	}

	private boolean fill() throws IOException {
		if (this.eof) {
			return false;
		}
		int count = this.in.read(this.buffer, 0, this.buffer.length);
		if (count <= 0) {
			this.eof = true;
			return false;
		}
		this.position = 0;
		this.limit = count;
		return true;
	}

	private static int indexOf(byte[] bytes, int length, byte value) {
		for (int i = 0; i < length; i++) {
			if (bytes[i] == value) {
				return i;
			}
		}
		return -1;
	}

	private static boolean isName(byte[] line, int nameLength, byte[] name) {
		return nameLength == name.length && Arrays.equals(line, 0, nameLength, name, 0, nameLength);
	}

}
