package io.paracle.keys.testsupport.stores;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Wire-level fake of the HashiCorp Vault HTTP API, as far as spring-cloud-vault-config
 * uses it for a KV version 2 engine mounted at {@code secret/}:
 * <ul>
 * <li>{@code GET /v1/auth/token/lookup-self}</li>
 * <li>{@code GET /v1/sys/internal/ui/mounts/<path>} (mount discovery: KV v2 for
 * {@code secret/...}, 403 otherwise)</li>
 * <li>{@code GET /v1/secret/data/<name>}: {@code data.data} and {@code data.metadata}
 * ({@code version}, {@code created_time})</li>
 * <li>{@code GET /v1/secret/metadata/<name>}: {@code created_time}, {@code updated_time},
 * {@code current_version}, {@code versions}</li>
 * </ul>
 * Every request must carry the expected {@code X-Vault-Token}, otherwise the reply is 403
 * {@code permission denied}. Unknown secrets and paths answer 404 {@code {"errors":[]}}.
 * Secrets can be changed while running with {@link #putSecret(String, Map)}: each change
 * adds a version and moves {@code updated_time}.
 */
public class FakeVaultServer extends FakeStoreServer {

	/** The token the no-argument constructor expects. */
	public static final String DEFAULT_TOKEN = "paracle-test-vault-token";

	private static final String MOUNT = "secret";

	private static final String DATA_PREFIX = "/v1/" + MOUNT + "/data/";

	private static final String METADATA_PREFIX = "/v1/" + MOUNT + "/metadata/";

	private static final String MOUNTS_PREFIX = "/v1/sys/internal/ui/mounts/";

	private final String token;

	private final Clock clock;

	private final Map<String, VaultSecret> secrets = new ConcurrentHashMap<>();

	/**
	 * Create a fake that expects {@link #DEFAULT_TOKEN}.
	 */
	public FakeVaultServer() {
		this(DEFAULT_TOKEN);
	}

	/**
	 * Create a fake that expects the given token.
	 * @param token the only token accepted
	 */
	public FakeVaultServer(String token) {
		this(token, Clock.systemUTC());
	}

	/**
	 * Create a fake that expects the given token and stamps versions with the given clock.
	 * @param token the only token accepted
	 * @param clock the clock for {@code created_time} and {@code updated_time}
	 */
	public FakeVaultServer(String token, Clock clock) {
		super("vault");
		this.token = Objects.requireNonNull(token, "token");
		this.clock = Objects.requireNonNull(clock, "clock");
	}

	@Override
	public FakeVaultServer start() {
		super.start();
		return this;
	}

	/**
	 * Return the token this fake accepts.
	 * @return the token
	 */
	public String token() {
		return this.token;
	}

	/**
	 * Create a secret, or write a new version of it.
	 * @param name the secret path below the mount, for example {@code paracle}
	 * @param data the key/value pairs of the new version
	 * @return the new version number, starting at 1
	 */
	public int putSecret(String name, Map<String, String> data) {
		Instant now = this.clock.instant();
		Map<String, String> copy = new LinkedHashMap<>(data);
		return this.secrets.merge(name, VaultSecret.first(copy, now), (old, ignored) -> old.next(copy, now)).version();
	}

	/**
	 * Delete a secret with all its versions.
	 * @param name the secret path below the mount
	 */
	public void deleteSecret(String name) {
		this.secrets.remove(name);
	}

	/**
	 * Return the current version of a secret.
	 * @param name the secret path below the mount
	 * @return the version, or 0 when the secret does not exist
	 */
	public int currentVersion(String name) {
		VaultSecret secret = this.secrets.get(name);
		return (secret != null) ? secret.version() : 0;
	}

	/**
	 * Count the reads of a secret's data ({@code GET /v1/secret/data/<name>}).
	 * @param name the secret path below the mount
	 * @return the number of reads
	 */
	public int dataReads(String name) {
		return journal().count(DATA_PREFIX + name);
	}

	@Override
	protected FakeResponse handle(RecordedRequest request) {
		if (!this.token.equals(request.header("X-Vault-Token"))) {
			return errors(403, "permission denied");
		}
		if (!"GET".equals(request.method())) {
			return errors(405, "unsupported operation");
		}
		String path = request.path();
		if (path.equals("/v1/auth/token/lookup-self")) {
			return ok(tokenData());
		}
		if (path.startsWith(MOUNTS_PREFIX)) {
			return mount(path.substring(MOUNTS_PREFIX.length()));
		}
		if (path.startsWith(DATA_PREFIX)) {
			VaultSecret secret = this.secrets.get(path.substring(DATA_PREFIX.length()));
			return (secret != null) ? ok(secret.dataResponse()) : errors(404);
		}
		if (path.startsWith(METADATA_PREFIX)) {
			VaultSecret secret = this.secrets.get(path.substring(METADATA_PREFIX.length()));
			return (secret != null) ? ok(secret.metadataResponse()) : errors(404);
		}
		return errors(404);
	}

	private FakeResponse mount(String secretPath) {
		if (!secretPath.equals(MOUNT) && !secretPath.startsWith(MOUNT + "/")) {
			return errors(403, "preflight capability check returned 403, please ensure client's policies grant access to the path");
		}
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("accessor", "kv_fake");
		data.put("config", Map.of("default_lease_ttl", 0, "max_lease_ttl", 0));
		data.put("description", "key/value secret storage");
		data.put("local", false);
		data.put("options", Map.of("version", "2"));
		data.put("path", MOUNT + "/");
		data.put("seal_wrap", false);
		data.put("type", "kv");
		return ok(data);
	}

	private Map<String, Object> tokenData() {
		Map<String, Object> data = new LinkedHashMap<>();
		data.put("accessor", "fake-accessor");
		data.put("creation_ttl", 0);
		data.put("display_name", "token");
		data.put("expire_time", null);
		data.put("id", this.token);
		data.put("orphan", true);
		data.put("path", "auth/token/root");
		data.put("policies", List.of("root"));
		data.put("renewable", false);
		data.put("ttl", 0);
		data.put("type", "service");
		return data;
	}

	private static FakeResponse ok(Map<String, Object> data) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("request_id", UUID.randomUUID().toString());
		body.put("lease_id", "");
		body.put("renewable", false);
		body.put("lease_duration", 0);
		body.put("data", data);
		body.put("wrap_info", null);
		body.put("warnings", null);
		body.put("auth", null);
		return FakeResponse.json(200, Json.write(body));
	}

	private static FakeResponse errors(int status, String... errors) {
		return FakeResponse.json(status, Json.write(Map.of("errors", List.of(errors))));
	}

	/**
	 * One secret with its version history (times only; only the current data is kept).
	 */
	private record VaultSecret(Map<String, String> data, int version, Map<Integer, Instant> versions) {

		static VaultSecret first(Map<String, String> data, Instant now) {
			return new VaultSecret(Map.copyOf(data), 1, Map.of(1, now));
		}

		VaultSecret next(Map<String, String> newData, Instant now) {
			Map<Integer, Instant> history = new TreeMap<>(this.versions);
			history.put(this.version + 1, now);
			return new VaultSecret(Map.copyOf(newData), this.version + 1, Map.copyOf(history));
		}

		Instant createdTime() {
			return this.versions.get(1);
		}

		Instant updatedTime() {
			return this.versions.get(this.version);
		}

		Map<String, Object> dataResponse() {
			Map<String, Object> metadata = new LinkedHashMap<>();
			metadata.put("created_time", updatedTime().toString());
			metadata.put("custom_metadata", null);
			metadata.put("deletion_time", "");
			metadata.put("destroyed", false);
			metadata.put("version", this.version);
			Map<String, Object> body = new LinkedHashMap<>();
			body.put("data", new TreeMap<>(this.data));
			body.put("metadata", metadata);
			return body;
		}

		Map<String, Object> metadataResponse() {
			Map<String, Object> versionsJson = new LinkedHashMap<>();
			new TreeMap<>(this.versions).forEach((number, created) -> versionsJson.put(String.valueOf(number),
					Map.of("created_time", created.toString(), "deletion_time", "", "destroyed", false)));
			Map<String, Object> body = new LinkedHashMap<>();
			body.put("cas_required", false);
			body.put("created_time", createdTime().toString());
			body.put("current_version", this.version);
			body.put("custom_metadata", null);
			body.put("delete_version_after", "0s");
			body.put("max_versions", 0);
			body.put("oldest_version", 1);
			body.put("updated_time", updatedTime().toString());
			body.put("versions", versionsJson);
			return body;
		}

	}

}
