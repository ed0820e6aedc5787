package io.paracle.keys.secrets;

import java.util.List;

import io.paracle.keys.refresh.KeyRefresher;
import io.paracle.keys.resolve.ApiKeyResolver;
import io.paracle.keys.resolve.KeySourceKind;
import io.paracle.keys.testsupport.stores.StoreApplication;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The AWS Secrets Manager scenario against LocalStack. Skipped where no Docker engine answers.
 */
@Testcontainers(disabledWithoutDocker = true)
class LocalStackContainerTests {

	private static final String SECRET = "paracle/api-keys";

	@Container
	static final LocalStackContainer localstack = new LocalStackContainer(
			DockerImageName.parse("localstack/localstack:4.4"))
		.withServices("secretsmanager");

	@Test
	void keyFromSecretsManagerAndRotationWithoutRestart() {
		try (SecretsManagerClient client = client()) {
			client.createSecret((request) -> request.name(SECRET)
				.secretString("{\"OPENAI_API_KEY\":\"sk-aws-container-0001\"}"));
			try (ConfigurableApplicationContext context = StoreApplication.run((application) -> {
			}, List.of("--paracle.secrets.backend=aws",
					"--spring.cloud.aws.secretsmanager.endpoint=" + localstack.getEndpoint(),
					"--spring.cloud.aws.region.static=" + localstack.getRegion(),
					"--spring.cloud.aws.credentials.access-key=" + localstack.getAccessKey(),
					"--spring.cloud.aws.credentials.secret-key=" + localstack.getSecretKey(),
					"--paracle.secrets.refresh-interval=1h"))) {
				ApiKeyResolver resolver = context.getBean(ApiKeyResolver.class);
				assertThat(resolver.keys("openai").primary().secret()).isEqualTo("sk-aws-container-0001");
				assertThat(resolver.keys("openai").origin().kind()).isEqualTo(KeySourceKind.SECRET_STORE);
				assertThat(resolver.keys("openai").origin().source()).isEqualTo("aws-secretsmanager:" + SECRET);
				client.putSecretValue((request) -> request.secretId(SECRET)
					.secretString("{\"OPENAI_API_KEY\":\"sk-aws-container-0002\"}"));
				assertThat(context.getBean(KeyRefresher.class).refresh()).containsExactly("openai");
				assertThat(resolver.keys("openai").primary().secret()).isEqualTo("sk-aws-container-0002");
			}
		}
	}

	private static SecretsManagerClient client() {
		return SecretsManagerClient.builder()
			.endpointOverride(localstack.getEndpoint())
			.region(Region.of(localstack.getRegion()))
			.credentialsProvider(StaticCredentialsProvider
				.create(AwsBasicCredentials.create(localstack.getAccessKey(), localstack.getSecretKey())))
			.build();
	}

}
