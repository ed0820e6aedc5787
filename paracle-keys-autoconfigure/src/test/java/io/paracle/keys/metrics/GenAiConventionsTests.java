package io.paracle.keys.metrics;

import io.micrometer.common.KeyValue;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code paracle.metrics.gen-ai.conventions}: the latest GenAI conventions by default, v1.36's
 * {@code gen_ai.system} names on request, on the meters and on the observation.
 */
class GenAiConventionsTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ApiCallMetricsAutoConfiguration.class))
		.withBean(SimpleMeterRegistry.class)
		.withBean(ApiCallTracker.class, () -> ApiCallTracker.NOOP);

	private final GenAiTarget xai = GenAiTarget.of("grok", "xai", "https://api.x.ai/v1");

	@Test
	void byDefaultTheProviderIsGenAiProviderNameWithTheLatestValues() {
		this.contextRunner.run((context) -> {
			context.getBean(ApiCallRecorder.class).recordOperation(this.xai, "chat", "grok-2", "grok-2", null, 1_000);
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			assertThat(registry.get("gen_ai.client.operation.duration").timer().getId().getTag("gen_ai.provider.name"))
				.isEqualTo("x_ai");
			assertThat(observed(context.getBean(ApiCallObservationConvention.class), "azure-openai"))
				.contains(KeyValue.of("gen_ai.provider.name", "azure.ai.openai"));
		});
	}

	@Test
	void v136NamesTheProviderGenAiSystemWithThatVersionsValues() {
		this.contextRunner.withPropertyValues("paracle.metrics.gen-ai.conventions=v1-36").run((context) -> {
			context.getBean(ApiCallRecorder.class).recordOperation(this.xai, "chat", "grok-2", "grok-2", null, 1_000);
			context.getBean(ApiCallRecorder.class).recordTokens(this.xai, "grok-2", "grok-2", 3, 4);
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			assertThat(registry.get("gen_ai.client.operation.duration").timer().getId().getTag("gen_ai.system"))
				.isEqualTo("xai");
			assertThat(registry.get("gen_ai.client.operation.duration").timer().getId().getTag("gen_ai.provider.name"))
				.isNull();
			assertThat(registry.get("gen_ai.client.token.usage").tag("gen_ai.token.type", "output").summary().getId()
				.getTag("gen_ai.system")).isEqualTo("xai");
			assertThat(observed(context.getBean(ApiCallObservationConvention.class), "azure-openai"))
				.contains(KeyValue.of("gen_ai.system", "az.ai.openai"))
				.noneMatch((value) -> value.getKey().equals("gen_ai.provider.name"));
		});
	}

	@Test
	void aUsersObservationConventionIsKept() {
		ApiCallObservationConvention mine = new DefaultApiCallObservationConvention();
		this.contextRunner.withBean(ApiCallObservationConvention.class, () -> mine)
			.run((context) -> assertThat(context.getBean(ApiCallObservationConvention.class)).isSameAs(mine));
	}

	@Test
	void theKeyValuesOfACallWithoutErrorAreMadeOncePerOutcomeAndStatus() {
		DefaultApiCallObservationConvention convention = new DefaultApiCallObservationConvention();
		GenAiTarget target = GenAiTarget.of("openai", "openai", "https://api.openai.com/v1");
		ApiCallObservationContext first = new ApiCallObservationContext(target, "chat", "gpt-4o-mini");
		ApiCallObservationContext second = new ApiCallObservationContext(target, "chat", "gpt-4o-mini");
		assertThat(convention.getLowCardinalityKeyValues(second)).isSameAs(convention.getLowCardinalityKeyValues(first));
		first.end(ApiCallOutcome.SUCCESS, 200, "gpt-4o-mini", 1, 2);
		second.end(ApiCallOutcome.SERVER_ERROR, 503, null, -1, -1);
		second.errorType("503");
		assertThat(convention.getLowCardinalityKeyValues(first)).contains(KeyValue.of("status", "200"),
				KeyValue.of("outcome", "success"), KeyValue.of("server.port", "443"))
			.noneMatch((value) -> value.getKey().equals("error.type"));
		assertThat(convention.getLowCardinalityKeyValues(second)).contains(KeyValue.of("status", "503"),
				KeyValue.of("outcome", "server_error"), KeyValue.of("error.type", "503"));
		ApiCallObservationContext models = new ApiCallObservationContext(target, "models", null);
		models.end(ApiCallOutcome.SUCCESS, 200, null, -1, -1);
		assertThat(convention.getLowCardinalityKeyValues(models)).contains(KeyValue.of("operation", "models"))
			.noneMatch((value) -> value.getKey().equals("gen_ai.operation.name"));
	}

	private static Iterable<KeyValue> observed(ApiCallObservationConvention convention, String type) {
		ApiCallObservationContext context = new ApiCallObservationContext(
				GenAiTarget.of("eu", type, "https://eu.openai.azure.com"), "chat", "gpt-4o");
		return convention.getLowCardinalityKeyValues(context);
	}

}
