package io.paracle.keys.secrets;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.paracle.keys.refresh.KeyRefresher;
import io.paracle.keys.resolve.ApiKeyResolver;
import io.paracle.keys.rotation.KeyAge;
import io.paracle.keys.rotation.KeyAgePolicy;
import io.paracle.keys.testsupport.stores.FakeSecretsManagerServer;
import io.paracle.keys.testsupport.stores.FakeStoreServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * AWS Secrets Manager through Spring Cloud AWS: {@code paracle.secrets.backend: aws} in
 * {@code application-awstest.yml}; the secret {@code paracle/api-keys} is a JSON object of variables.
 */
class SecretsManagerSecretStoreTests extends SecretStoreScenarios {

	private static final String SECRET = "paracle/api-keys";

	private final FakeSecretsManagerServer aws = new FakeSecretsManagerServer();

	@BeforeEach
	void startAws() {
		this.aws.start();
		putOpenAiKey(key(1));
	}

	@Override
	FakeStoreServer store() {
		return this.aws;
	}

	@Override
	String profile() {
		return "awstest";
	}

	@Override
	String backend() {
		return "aws";
	}

	@Override
	String expectedSource() {
		return "aws-secretsmanager:" + SECRET;
	}

	@Override
	List<String> storeArguments() {
		return List.of("--test.fake-aws.port=" + this.aws.port());
	}

	@Override
	void putOpenAiKey(String key) {
		this.aws.putSecret(SECRET, Map.of("OPENAI_API_KEY", key));
	}

	@Override
	void putSecretWithoutOpenAiKey() {
		this.aws.putSecret(SECRET, Map.of("MISTRAL_API_KEY", "not-the-openai-key"));
	}

	@Test
	void readsTheSecretWithOneSignedCall() {
		run();
		assertThat(this.aws.operationCount("GetSecretValue")).isOne();
		assertThat(this.aws.journal().last("/").header("Authorization"))
			.startsWith("AWS4-HMAC-SHA256 Credential=AKIDFAKEPARACLE/");
		assertThat(this.aws.journal().last("/").body()).isEqualTo("{\"SecretId\":\"" + SECRET + "\"}");
	}

	@Test
	void keyAgeComesFromDescribeSecretOncePerKey() {
		run();
		KeyAgePolicy policy = context().getBean(KeyAgePolicy.class);
		ApiKeyResolver resolver = context().getBean(ApiKeyResolver.class);
		KeyAge first = policy.age("openai", resolver.keys("openai").primary());
		assertThat(first).isNotNull();
		assertThat(first.lastChanged()).isBetween(Instant.now().minusSeconds(60), Instant.now());
		policy.ages();
		assertThat(this.aws.operationCount("DescribeSecret")).isOne();
		putOpenAiKey(key(2));
		context().getBean(KeyRefresher.class).refresh();
		KeyAge second = policy.age("openai", resolver.keys("openai").primary());
		assertThat(second.fingerprint()).isNotEqualTo(first.fingerprint());
		assertThat(second.lastChanged()).isAfterOrEqualTo(first.lastChanged());
		assertThat(this.aws.operationCount("DescribeSecret")).isEqualTo(2);
	}

	@Test
	void secretIdComesFromTheProperty() {
		this.aws.putSecret("team-a/llm", Map.of("OPENAI_API_KEY", key(7)));
		run("--paracle.secrets.aws.secret-id=team-a/llm");
		assertThat(context().getBean(ApiKeyResolver.class).keys("openai").origin().source())
			.isEqualTo("aws-secretsmanager:team-a/llm");
	}

}
