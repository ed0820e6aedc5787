package io.paracle.keys.springai;

import java.util.List;
import java.util.Map;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.StubMapping;
import io.paracle.keys.testsupport.FakeProviderServer;
import io.paracle.keys.testsupport.stores.FakeVaultServer;
import io.paracle.keys.testsupport.stores.StoreApplication;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.ai.chat.prompt.Prompt;
import org.springframework.ai.openai.OpenAiChatModel;
import org.springframework.context.ConfigurableApplicationContext;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static io.paracle.keys.springai.SpringAiStubs.OPENAI_ANSWER;
import static io.paracle.keys.springai.SpringAiStubs.OPENAI_CHAT;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A key rotated in the secret store (a fake Vault through Spring Cloud Vault) reaches Spring AI's own
 * auto-configured OpenAI model on its next request, with no restart: the old key is revoked at once, its 401
 * re-reads the store, and the same Spring AI call succeeds with the new key.
 */
class SpringAiRotationTests {

	private static final String OLD = "sk-springai-rotation-old-0001";

	private static final String NEW = "sk-springai-rotation-new-0002";

	private final FakeVaultServer vault = new FakeVaultServer().start();

	private final WireMockServer openAi = FakeProviderServer.reset();

	private ConfigurableApplicationContext context;

	@AfterEach
	void close() {
		if (this.context != null) {
			this.context.close();
		}
		this.vault.stop();
	}

	@Test
	void nextSpringAiCallUsesTheKeyRotatedInTheStoreAfterTheOldOneIsRevoked() {
		this.vault.putSecret("paracle", Map.of("OPENAI_API_KEY", OLD));
		this.openAi.stubFor(post(urlEqualTo(OPENAI_CHAT)).atPriority(10)
			.willReturn(aResponse().withStatus(401)
				.withBody("{\"error\":{\"message\":\"Incorrect API key provided\",\"code\":\"invalid_api_key\"}}")));
		StubMapping oldKey = this.openAi.stubFor(accepting(OLD));
		this.context = StoreApplication.run((application) -> {
		}, List.of("--spring.profiles.active=vaulttest", "--test.fake-vault.port=" + this.vault.port(),
				"--paracle.secrets.refresh-interval=1h",
				"--spring.ai.openai.base-url=" + FakeProviderServer.baseUrl() + "/v1",
				"--spring.ai.model.chat=openai"));
		OpenAiChatModel model = this.context.getBean(OpenAiChatModel.class);
		assertThat(model.call(new Prompt("hello")).getResult().getOutput().getText()).isEqualTo("ok");
		this.vault.putSecret("paracle", Map.of("OPENAI_API_KEY", NEW));
		this.openAi.removeStub(oldKey);
		this.openAi.stubFor(accepting(NEW));
		assertThat(model.call(new Prompt("hello")).getResult().getOutput().getText()).isEqualTo("ok");
		assertThat(requestsWith(OLD)).as("one accepted, one refused after the revocation").isEqualTo(2);
		assertThat(requestsWith(NEW)).isEqualTo(1);
	}

	private static com.github.tomakehurst.wiremock.client.MappingBuilder accepting(String key) {
		return post(urlEqualTo(OPENAI_CHAT)).atPriority(1)
			.withHeader("Authorization", equalTo("Bearer " + key))
			.willReturn(okJson(OPENAI_ANSWER));
	}

	private int requestsWith(String key) {
		return this.openAi
			.findAll(postRequestedFor(urlEqualTo(OPENAI_CHAT)).withHeader("Authorization", equalTo("Bearer " + key)))
			.size();
	}

}
