package io.paracle.keys.testsupport.stores;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Wire-level fake of the Azure Key Vault secrets REST API over HTTPS, as far as Spring
 * Cloud Azure's Key Vault property source uses it:
 * <ul>
 * <li>any call without {@code Authorization: Bearer <token>} (or with another token)
 * answers 401 with a {@code WWW-Authenticate} bearer challenge, as Key Vault does to
 * start its authentication handshake</li>
 * <li>{@code GET /secrets?api-version=...}: the list of secrets (ids without version),
 * one page</li>
 * <li>{@code GET /secrets/<name>/?api-version=...} (or with a version, or without the
 * trailing slash): the value with {@code attributes.created/updated} in epoch seconds</li>
 * </ul>
 * Missing secrets answer 404 {@code SecretNotFound}. Names are case-insensitive and
 * limited to letters, digits and dashes, as in Key Vault. The certificate is
 * {@link SelfSignedCertificate#shared()}; clients must trust it, for example through
 * {@link TrustStoreOverride}.
 */
public class FakeKeyVaultServer extends FakeStoreServer {

	/** The token the no-argument constructor expects. */
	public static final String DEFAULT_TOKEN = "paracle-test-azure-token";

	/** The scope Key Vault clients ask their credential for. */
	public static final String SCOPE = "https://vault.azure.net/.default";

	/** The path of the secrets list. */
	public static final String SECRETS_PATH = "/secrets";

	private static final Pattern NAME = Pattern.compile("[0-9a-zA-Z-]{1,127}");

	private static final String CHALLENGE = "Bearer authorization=\"https://login.microsoftonline.com/"
			+ "00000000-0000-0000-0000-000000000000\", resource=\"https://vault.azure.net\"";

	private final String token;

	private final Clock clock;

	private final Map<String, KeyVaultSecret> secrets = new ConcurrentHashMap<>();

	/**
	 * Create a fake that accepts {@link #DEFAULT_TOKEN}.
	 */
	public FakeKeyVaultServer() {
		this(DEFAULT_TOKEN, Clock.systemUTC());
	}

	/**
	 * Create a fake that accepts the given bearer token and stamps changes with the given
	 * clock.
	 * @param token the only bearer token accepted
	 * @param clock the clock for {@code created} and {@code updated}
	 */
	public FakeKeyVaultServer(String token, Clock clock) {
		super("keyvault", SelfSignedCertificate.shared().serverContext());
		this.token = Objects.requireNonNull(token, "token");
		this.clock = Objects.requireNonNull(clock, "clock");
	}

	@Override
	public FakeKeyVaultServer start() {
		super.start();
		return this;
	}

	/**
	 * Return a credential that hands out the token this fake accepts.
	 * @return a new credential
	 */
	public StaticTokenCredential credential() {
		return new StaticTokenCredential(this.token);
	}

	/**
	 * Create a secret or give it a new (enabled) version.
	 * @param name the secret name: letters, digits and dashes
	 * @param value the value
	 * @return the new version id
	 */
	public String putSecret(String name, String value) {
		if (!NAME.matcher(name).matches()) {
			throw new IllegalArgumentException("Key Vault secret names allow only letters, digits and dashes");
		}
		Objects.requireNonNull(value, "value");
		Instant now = this.clock.instant();
		String version = UUID.randomUUID().toString().replace("-", "");
		this.secrets.merge(key(name), new KeyVaultSecret(name, value, version, true, now, now),
				(old, ignored) -> new KeyVaultSecret(old.name(), value, version, true, old.created(), now));
		return version;
	}

	/**
	 * Enable or disable a secret; clients skip disabled secrets when listing.
	 * @param name the secret name
	 * @param enabled whether the secret is enabled
	 */
	public void setEnabled(String name, boolean enabled) {
		Instant now = this.clock.instant();
		this.secrets.computeIfPresent(key(name), (ignored, old) -> new KeyVaultSecret(old.name(), old.value(),
				old.version(), enabled, old.created(), now));
	}

	/**
	 * Delete a secret.
	 * @param name the secret name
	 */
	public void deleteSecret(String name) {
		this.secrets.remove(key(name));
	}

	/**
	 * Count the reads of one secret's value, whatever the version asked.
	 * @param name the secret name
	 * @return the number of reads
	 */
	public int secretReads(String name) {
		String prefix = SECRETS_PATH + "/" + key(name);
		return journal().count((request) -> {
			String path = request.path().toLowerCase(Locale.ROOT);
			return path.equals(prefix) || path.startsWith(prefix + "/");
		});
	}

	/**
	 * Count the list calls, the unauthenticated challenge round included.
	 * @return the number of list calls
	 */
	public int listCalls() {
		return journal().count(SECRETS_PATH);
	}

	@Override
	protected FakeResponse handle(RecordedRequest request) {
		if (!("Bearer " + this.token).equals(request.header("Authorization"))) {
			return error(401, "Unauthorized", "AKV10000: Request is missing a Bearer or PoP token.")
				.withHeader("WWW-Authenticate", CHALLENGE);
		}
		if (request.queryParameter("api-version") == null) {
			return error(400, "MissingApiVersionParameter", "The api-version query parameter is required.");
		}
		if (!"GET".equals(request.method())) {
			return error(405, "MethodNotAllowed", "Only reads are faked");
		}
		String path = request.path();
		if (path.equals(SECRETS_PATH) || path.equals(SECRETS_PATH + "/")) {
			return list();
		}
		if (path.startsWith(SECRETS_PATH + "/")) {
			String[] segments = path.substring(SECRETS_PATH.length() + 1).split("/");
			String version = (segments.length > 1) ? segments[1] : "";
			return get(segments[0], version);
		}
		return error(404, "NotFound", "No such endpoint");
	}

	private FakeResponse list() {
		List<Object> items = new ArrayList<>();
		this.secrets.values().stream().sorted((a, b) -> a.name().compareTo(b.name())).forEach((secret) -> {
			Map<String, Object> item = new LinkedHashMap<>();
			item.put("id", baseUrl() + SECRETS_PATH + "/" + secret.name());
			item.put("attributes", secret.attributes());
			items.add(item);
		});
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("value", items);
		body.put("nextLink", null);
		return FakeResponse.json(200, Json.write(body));
	}

	private FakeResponse get(String name, String version) {
		KeyVaultSecret secret = this.secrets.get(key(name));
		if (secret == null || (!version.isEmpty() && !version.equals(secret.version()))) {
			return error(404, "SecretNotFound", "A secret with (name/id) " + name + " was not found in this key vault.");
		}
		if (!secret.enabled()) {
			return error(403, "Forbidden", "Operation get is not allowed on a disabled secret.");
		}
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("value", secret.value());
		body.put("id", baseUrl() + SECRETS_PATH + "/" + secret.name() + "/" + secret.version());
		body.put("attributes", secret.attributes());
		return FakeResponse.json(200, Json.write(body));
	}

	private static String key(String name) {
		return name.toLowerCase(Locale.ROOT);
	}

	private static FakeResponse error(int status, String code, String message) {
		Map<String, Object> error = new LinkedHashMap<>();
		error.put("code", code);
		error.put("message", message);
		return FakeResponse.json(status, Json.write(Map.of("error", error)));
	}

	/**
	 * One secret with its current version only.
	 */
	private record KeyVaultSecret(String name, String value, String version, boolean enabled, Instant created,
			Instant updated) {

		Map<String, Object> attributes() {
			Map<String, Object> attributes = new LinkedHashMap<>();
			attributes.put("enabled", this.enabled);
			attributes.put("created", this.created.getEpochSecond());
			attributes.put("updated", this.updated.getEpochSecond());
			attributes.put("recoveryLevel", "Recoverable+Purgeable");
			attributes.put("recoverableDays", 90);
			return attributes;
		}

	}

}
