package io.paracle.keys.testsupport.stores;

import java.math.BigDecimal;
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
 * Wire-level fake of the AWS Secrets Manager JSON 1.1 API, as far as
 * spring-cloud-aws-secrets-manager and a key-age check use it: {@code POST /} with
 * {@code X-Amz-Target: secretsmanager.GetSecretValue} or
 * {@code secretsmanager.DescribeSecret} and a {@code {"SecretId":"..."}} body.
 * <p>
 * The SigV4 {@code Authorization} header is recorded but not verified. A missing secret
 * answers 400 {@code ResourceNotFoundException}. Dates are epoch seconds, as AWS sends
 * them. Secrets can be changed while running; each change gets a new {@code VersionId}
 * and moves {@code LastChangedDate}, a {@link #rotateSecret rotation} also moves
 * {@code LastRotatedDate}.
 */
public class FakeSecretsManagerServer extends FakeStoreServer {

	/** The target prefix of every Secrets Manager operation. */
	public static final String TARGET_PREFIX = "secretsmanager.";

	private static final String CONTENT_TYPE = "application/x-amz-json-1.1";

	private static final String ARN_PREFIX = "arn:aws:secretsmanager:us-east-1:000000000000:secret:";

	private final Clock clock;

	private final Map<String, AwsSecret> secrets = new ConcurrentHashMap<>();

	/**
	 * Create a fake using the system clock.
	 */
	public FakeSecretsManagerServer() {
		this(Clock.systemUTC());
	}

	/**
	 * Create a fake that stamps changes with the given clock.
	 * @param clock the clock for the dates it reports
	 */
	public FakeSecretsManagerServer(Clock clock) {
		super("secretsmanager");
		this.clock = Objects.requireNonNull(clock, "clock");
	}

	@Override
	public FakeSecretsManagerServer start() {
		super.start();
		return this;
	}

	/**
	 * Create or change a secret whose value is a JSON object of string members, the shape
	 * that Spring Cloud AWS turns into one property per member.
	 * @param name the secret name, for example {@code paracle/api-keys}
	 * @param values the members
	 * @return the new version id
	 */
	public String putSecret(String name, Map<String, String> values) {
		return putSecretString(name, Json.write(new TreeMap<>(values)));
	}

	/**
	 * Create or change a secret with a raw {@code SecretString} (plain text or JSON).
	 * @param name the secret name
	 * @param secretString the value
	 * @return the new version id
	 */
	public String putSecretString(String name, String secretString) {
		return change(name, secretString, false);
	}

	/**
	 * Change a secret as a rotation would: like {@link #putSecret} but also moves
	 * {@code LastRotatedDate}.
	 * @param name the secret name
	 * @param values the members
	 * @return the new version id
	 */
	public String rotateSecret(String name, Map<String, String> values) {
		return change(name, Json.write(new TreeMap<>(values)), true);
	}

	/**
	 * Delete a secret; later reads answer {@code ResourceNotFoundException}.
	 * @param name the secret name
	 */
	public void deleteSecret(String name) {
		this.secrets.remove(name);
	}

	/**
	 * Count the calls of one operation.
	 * @param operation the operation, for example {@code GetSecretValue}
	 * @return the number of calls
	 */
	public int operationCount(String operation) {
		return journal().count((request) -> (TARGET_PREFIX + operation).equals(request.header("X-Amz-Target")));
	}

	private String change(String name, String secretString, boolean rotation) {
		Instant now = this.clock.instant();
		String versionId = UUID.randomUUID().toString();
		this.secrets.merge(name, new AwsSecret(name, secretString, versionId, now, now, rotation ? now : null),
				(old, ignored) -> old.next(secretString, versionId, now, rotation));
		return versionId;
	}

	@Override
	protected FakeResponse handle(RecordedRequest request) {
		String target = request.header("X-Amz-Target");
		if (!"POST".equals(request.method()) || !"/".equals(request.path()) || target == null
				|| !target.startsWith(TARGET_PREFIX)) {
			return error(404, "UnknownOperationException", "Not a Secrets Manager call");
		}
		String operation = target.substring(TARGET_PREFIX.length());
		if (!operation.equals("GetSecretValue") && !operation.equals("DescribeSecret")) {
			return error(400, "UnknownOperationException", "Operation not faked: " + operation);
		}
		String secretId = Json.readString(request.body(), "SecretId");
		if (secretId == null) {
			return error(400, "ValidationException", "SecretId is required");
		}
		AwsSecret secret = find(secretId);
		if (secret == null) {
			return error(400, "ResourceNotFoundException", "Secrets Manager can't find the specified secret.");
		}
		Map<String, Object> body = operation.equals("GetSecretValue") ? secret.secretValue() : secret.description();
		return FakeResponse.json(200, CONTENT_TYPE, Json.write(body))
			.withHeader("x-amzn-RequestId", UUID.randomUUID().toString());
	}

	private AwsSecret find(String secretId) {
		AwsSecret byName = this.secrets.get(secretId);
		if (byName != null) {
			return byName;
		}
		return this.secrets.values().stream().filter((secret) -> secret.arn().equals(secretId)).findFirst().orElse(null);
	}

	private static FakeResponse error(int status, String type, String message) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("__type", type);
		body.put("message", message);
		return FakeResponse.json(status, CONTENT_TYPE, Json.write(body))
			.withHeader("x-amzn-ErrorType", type)
			.withHeader("x-amzn-RequestId", UUID.randomUUID().toString());
	}

	private static BigDecimal epochSeconds(Instant instant) {
		return BigDecimal.valueOf(instant.toEpochMilli()).movePointLeft(3);
	}

	/**
	 * One secret with its current version only.
	 */
	private record AwsSecret(String name, String secretString, String versionId, Instant createdDate,
			Instant lastChangedDate, Instant lastRotatedDate) {

		AwsSecret next(String newString, String newVersionId, Instant now, boolean rotation) {
			return new AwsSecret(this.name, newString, newVersionId, this.createdDate, now,
					rotation ? now : this.lastRotatedDate);
		}

		String arn() {
			return ARN_PREFIX + this.name + "-AbCdEf";
		}

		Map<String, Object> secretValue() {
			Map<String, Object> body = new LinkedHashMap<>();
			body.put("ARN", arn());
			body.put("CreatedDate", epochSeconds(this.lastChangedDate));
			body.put("Name", this.name);
			body.put("SecretString", this.secretString);
			body.put("VersionId", this.versionId);
			body.put("VersionStages", List.of("AWSCURRENT"));
			return body;
		}

		Map<String, Object> description() {
			Map<String, Object> body = new LinkedHashMap<>();
			body.put("ARN", arn());
			body.put("Name", this.name);
			body.put("CreatedDate", epochSeconds(this.createdDate));
			body.put("LastChangedDate", epochSeconds(this.lastChangedDate));
			if (this.lastRotatedDate != null) {
				body.put("LastRotatedDate", epochSeconds(this.lastRotatedDate));
			}
			body.put("RotationEnabled", this.lastRotatedDate != null);
			body.put("VersionIdsToStages", Map.of(this.versionId, List.of("AWSCURRENT")));
			return body;
		}

	}

}
