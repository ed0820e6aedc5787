package io.paracle.keys.testsupport.stores;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Points the JVM-wide {@code javax.net.ssl.trustStore} properties at a
 * {@link SelfSignedCertificate} until {@link #close()}, which puts the previous values
 * back.
 * <p>
 * Apply it before the first HTTPS call of the client under test: JDK and Reactor Netty
 * default TLS contexts read these properties once, when they are first built, and keep
 * them for the life of the JVM. Restoring afterwards is therefore harmless for the client
 * (it keeps trusting the shared certificate) and keeps the properties clean for code that
 * reads them later.
 */
public final class TrustStoreOverride implements AutoCloseable {

	private static final String TRUST_STORE = "javax.net.ssl.trustStore";

	private static final String TRUST_STORE_PASSWORD = "javax.net.ssl.trustStorePassword";

	private static final String TRUST_STORE_TYPE = "javax.net.ssl.trustStoreType";

	private final Map<String, String> previous = new LinkedHashMap<>();

	private TrustStoreOverride(SelfSignedCertificate certificate) {
		set(TRUST_STORE, certificate.trustStore().toString());
		set(TRUST_STORE_PASSWORD, certificate.trustStorePassword());
		set(TRUST_STORE_TYPE, certificate.trustStoreType());
	}

	/**
	 * Trust the given certificate, besides the JDK's default authorities, through the JVM
	 * trust store properties.
	 * @param certificate the certificate to trust
	 * @return the override, to close when the client is started
	 */
	public static TrustStoreOverride trust(SelfSignedCertificate certificate) {
		synchronized (TrustStoreOverride.class) {
			return new TrustStoreOverride(certificate);
		}
	}

	private void set(String key, String value) {
		this.previous.put(key, System.getProperty(key));
		System.setProperty(key, value);
	}

	/**
	 * Put the previous property values back.
	 */
	@Override
	public void close() {
		synchronized (TrustStoreOverride.class) {
			this.previous.forEach((key, value) -> {
				if (value == null) {
					System.clearProperty(key);
				}
				else {
					System.setProperty(key, value);
				}
			});
		}
	}

}
