package io.paracle.keys.langchain4j;

import java.util.AbstractMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * An answer's headers plus {@value ParacleLangChain4j#KEY_FINGERPRINT_HEADER}, as a view: LangChain4j copies the
 * headers of every answer it is handed ({@code SuccessfulHttpResponse}), so a copy here would be made for nothing.
 *
 * @author paracle-keys
 */
final class FingerprintedHeaders extends AbstractMap<String, List<String>> {

	private final Map<String, List<String>> headers;

	private final List<String> fingerprint;

	FingerprintedHeaders(Map<String, List<String>> headers, String fingerprint) {
		this.headers = headers;
		this.fingerprint = List.of(fingerprint);
	}

	@Override
	public void forEach(BiConsumer<? super String, ? super List<String>> action) {
		this.headers.forEach(action);
		action.accept(ParacleLangChain4j.KEY_FINGERPRINT_HEADER, this.fingerprint);
	}

	@Override
	public boolean isEmpty() {
		return false;
	}

	@Override
	public Set<Entry<String, List<String>>> entrySet() {
		Map<String, List<String>> all = new LinkedHashMap<>(this.headers);
		all.put(ParacleLangChain4j.KEY_FINGERPRINT_HEADER, this.fingerprint);
		return all.entrySet();
	}

}
