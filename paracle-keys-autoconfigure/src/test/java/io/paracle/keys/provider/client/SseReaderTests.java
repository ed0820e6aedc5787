package io.paracle.keys.provider.client;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The one server-sent-events reader of the streaming wire formats, as tolerant as the WHATWG standard asks.
 */
class SseReaderTests {

	@Test
	void readsEventNamesAndDataWithEveryLineEnd() throws IOException {
		assertThat(events("event: a\ndata: 1\n\nevent: b\r\ndata: 2\r\n\r\nevent: c\rdata: 3\r\rdata: 4\n\n"))
			.containsExactly("a|1", "b|2", "c|3", "null|4");
	}

	@Test
	void joinsDataLinesSkipsCommentsAndUnknownFieldsAndKeepsTheValueAfterOneSpace() throws IOException {
		assertThat(events(": keep-alive\nid: 7\nretry: 100\ndata: first\ndata:second\ndata:  indented\n\n"))
			.containsExactly("null|first\nsecond\n indented");
	}

	@Test
	void deliversALastEventWithoutItsBlankLineAndIgnoresBlankLinesWithoutData() throws IOException {
		assertThat(events("\n\nevent: ping\n\ndata: [DONE]")).containsExactly("null|[DONE]");
	}

	@Test
	void readsEventsSplitAcrossReadsAndLongerThanItsBuffers() throws IOException {
		String longData = "x".repeat(20_000);
		byte[] body = ("data: " + longData + "\r\n\r\ndata: after\r\n\r\n").getBytes(StandardCharsets.UTF_8);
		InputStream dripping = new ByteArrayInputStream(body) {

			@Override
			public synchronized int read(byte[] buffer, int offset, int length) {
				// one byte per read, the CRLF split between reads
				return super.read(buffer, offset, Math.min(length, 1));
			}

		};
		SseReader reader = new SseReader(dripping);
		assertThat(reader.next()).isTrue();
		assertThat(reader.dataAsString()).isEqualTo(longData);
		assertThat(reader.next()).isTrue();
		assertThat(reader.dataIs("after".getBytes(StandardCharsets.US_ASCII))).isTrue();
		assertThat(reader.next()).isFalse();
	}

	@Test
	void reusesTheEventNameOfThePreviousEvent() throws IOException {
		SseReader reader = reader("event: content_block_delta\ndata: 1\n\nevent: content_block_delta\ndata: 2\n\n");
		reader.next();
		String first = reader.event();
		reader.next();
		assertThat(reader.event()).isSameAs(first).isEqualTo("content_block_delta");
	}

	private static List<String> events(String body) throws IOException {
		SseReader reader = reader(body);
		List<String> events = new ArrayList<>();
		while (reader.next()) {
			events.add(reader.event() + "|" + reader.dataAsString());
		}
		return events;
	}

	private static SseReader reader(String body) {
		return new SseReader(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)));
	}

}
