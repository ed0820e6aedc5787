package io.paracle.keys.testsupport.stores;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A self-signed certificate for {@code 127.0.0.1} and {@code localhost} (subject alternative names
 * {@code IP:127.0.0.1} and {@code DNS:localhost}, the latter for containers reached as localhost), made at test time by the JDK's {@code keytool}, with a PKCS12
 * key store for the server and a PKCS12 trust store for clients (the JDK's default
 * authorities plus this certificate).
 * <p>
 * Use {@link #shared()}: HTTP clients such as Reactor Netty build their default TLS
 * context once per JVM from the trust store in effect at that moment, so every HTTPS fake
 * in one JVM must present the same certificate.
 */
public final class SelfSignedCertificate {

	private static final String ALIAS = "paracle-fake-store";

	private static final String TYPE = "PKCS12";

	private static volatile SelfSignedCertificate shared;

	private final Path keyStore;

	private final Path trustStore;

	private final char[] password;

	private SelfSignedCertificate(Path keyStore, Path trustStore, char[] password) {
		this.keyStore = keyStore;
		this.trustStore = trustStore;
		this.password = password;
	}

	/**
	 * Return the certificate shared by every HTTPS fake in this JVM, generating it on
	 * first use. Its files are deleted when the JVM exits.
	 * @return the certificate
	 */
	public static SelfSignedCertificate shared() {
		SelfSignedCertificate current = shared;
		if (current == null) {
			synchronized (SelfSignedCertificate.class) {
				current = shared;
				if (current == null) {
					current = generate();
					shared = current;
				}
			}
		}
		return current;
	}

	/**
	 * Generate a new certificate in a fresh temporary directory.
	 * @return the certificate
	 */
	public static SelfSignedCertificate generate() {
		try {
			Path directory = Files.createTempDirectory("paracle-fake-tls");
			Path keyStore = directory.resolve("server.p12");
			Path trustStore = directory.resolve("trust.p12");
			char[] password = "changeit-fake".toCharArray();
			runKeytool(keyStore, new String(password));
			writeTrustStore(keyStore, trustStore, password);
			// deleteOnExit works in reverse order: the directory goes last.
			for (Path file : List.of(directory, keyStore, trustStore)) {
				file.toFile().deleteOnExit();
			}
			return new SelfSignedCertificate(keyStore, trustStore, password);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Cannot write the fake trust store", ex);
		}
	}

	/**
	 * Return a server-side TLS context presenting this certificate.
	 * @return a new TLS context
	 */
	public SSLContext serverContext() {
		try {
			KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
			keyManagers.init(load(this.keyStore, this.password), this.password);
			SSLContext context = SSLContext.getInstance("TLS");
			context.init(keyManagers.getKeyManagers(), null, null);
			return context;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("Cannot build the fake server TLS context", ex);
		}
	}

	/**
	 * Return the PKCS12 key store holding the private key and certificate, for servers outside this JVM (for
	 * example a container).
	 * @return the key store file
	 */
	public Path keyStore() {
		return this.keyStore;
	}

	/**
	 * Return the alias of the key in the {@link #keyStore() key store}.
	 * @return the alias
	 */
	public String keyAlias() {
		return ALIAS;
	}

	/**
	 * Return the PKCS12 trust store: the JDK's default authorities plus this certificate.
	 * @return the trust store file
	 */
	public Path trustStore() {
		return this.trustStore;
	}

	/**
	 * Return the trust store password.
	 * @return the password
	 */
	public String trustStorePassword() {
		return new String(this.password);
	}

	/**
	 * Return the trust store type.
	 * @return {@code PKCS12}
	 */
	public String trustStoreType() {
		return TYPE;
	}

	private static void runKeytool(Path keyStore, String password) throws IOException {
		Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
		// EC P-256 and a client-tuned keytool JVM: about a second instead of three for RSA.
		Process process = new ProcessBuilder(keytool.toString(), "-J-XX:TieredStopAtLevel=1", "-J-XX:+UseSerialGC",
				"-genkeypair", "-alias", ALIAS, "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2", "-dname",
				"CN=127.0.0.1", "-ext", "san=ip:127.0.0.1,dns:localhost", "-storetype", TYPE, "-keystore", keyStore.toString(),
				"-storepass", password, "-keypass", password)
			.redirectErrorStream(true)
			.start();
		try {
			String output;
			try (InputStream out = process.getInputStream()) {
				output = new String(out.readAllBytes(), StandardCharsets.UTF_8);
			}
			if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
				process.destroyForcibly();
				throw new IllegalStateException("keytool failed: " + output);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			process.destroyForcibly();
			throw new IllegalStateException("Interrupted while running keytool", ex);
		}
	}

	private static void writeTrustStore(Path keyStore, Path trustStore, char[] password)
			throws IOException, GeneralSecurityException {
		Certificate certificate = load(keyStore, password).getCertificate(ALIAS);
		KeyStore trust = KeyStore.getInstance(TYPE);
		trust.load(null, null);
		copyJdkAuthorities(trust);
		trust.setCertificateEntry(ALIAS, certificate);
		try (OutputStream out = Files.newOutputStream(trustStore)) {
			trust.store(out, password);
		}
	}

	/**
	 * Copy the JDK's default certificate authorities, so that pointing the JVM at this
	 * trust store does not break HTTPS calls to real hosts made at the same time.
	 */
	private static void copyJdkAuthorities(KeyStore trust) throws GeneralSecurityException {
		Path cacerts = Path.of(System.getProperty("java.home"), "lib", "security", "cacerts");
		if (!Files.isReadable(cacerts)) {
			return;
		}
		KeyStore authorities;
		try {
			authorities = KeyStore.getInstance(cacerts.toFile(), (char[]) null);
		}
		catch (IOException | GeneralSecurityException ex) {
			return;
		}
		for (String alias : Collections.list(authorities.aliases())) {
			if (authorities.isCertificateEntry(alias)) {
				trust.setCertificateEntry("jdk-" + alias, authorities.getCertificate(alias));
			}
		}
	}

	private static KeyStore load(Path file, char[] password) throws IOException, GeneralSecurityException {
		KeyStore store = KeyStore.getInstance(TYPE);
		try (InputStream in = Files.newInputStream(file)) {
			store.load(in, password);
		}
		return store;
	}

}
