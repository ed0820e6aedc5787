package io.paracle.keys.autoconfigure;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationHandler;
import io.micrometer.observation.ObservationRegistry;
import io.paracle.keys.logging.KeyRedactor;
import io.paracle.keys.metrics.ApiCallMetricsAutoConfiguration;
import io.paracle.keys.metrics.ApiCallRecorder;
import io.paracle.keys.metrics.ApiCallTracker;
import io.paracle.keys.provider.ChatRequest;
import io.paracle.keys.provider.LlmProvider;
import io.paracle.keys.provider.LlmProviderHttpClientCustomizer;
import io.paracle.keys.provider.LlmProviderRestClientCustomizer;
import io.paracle.keys.provider.LlmProviders;
import io.paracle.keys.provider.client.AnthropicProvider;
import io.paracle.keys.provider.client.BedrockProvider;
import io.paracle.keys.provider.client.GeminiProvider;
import io.paracle.keys.provider.client.LlmProviderFactory;
import io.paracle.keys.provider.client.OpenAiProvider;
import io.paracle.keys.resolve.ApiKeyResolver;
import io.paracle.keys.resolve.Fingerprints;
import io.paracle.keys.testsupport.FailureAnalyses;
import io.paracle.keys.testsupport.FakeProviderServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.restclient.RestClientCustomizer;
import org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration;
import org.springframework.boot.restclient.autoconfigure.RestClientObservationAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.MapPropertySource;

import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

/**
 * Tests for {@link LlmProviderAutoConfiguration}.
 */
@ExtendWith(OutputCaptureExtension.class)
class LlmProviderAutoConfigurationTests {

	private static final String ANSWER = """
			{"id":"chatcmpl-1","model":"gpt-4o-mini","choices":[{"index":0,"message":{"role":"assistant",
			 "content":"Hi"},"finish_reason":"stop"}],"usage":{"prompt_tokens":3,"completion_tokens":1}}""";

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner().withConfiguration(
			AutoConfigurations.of(ParacleKeysAutoConfiguration.class, ApiCallMetricsAutoConfiguration.class,
					LlmProviderAutoConfiguration.class));

	private WireMockServer server;

	@BeforeEach
	void resetServer() {
		this.server = FakeProviderServer.reset();
		this.server.stubFor(any(anyUrl()).willReturn(okJson(ANSWER)));
	}

	@Test
	void registersATypedBeanPerActiveProviderNamedAfterItsConfiguration() {
		this.contextRunner.withPropertyValues(openAi("openai", "sk-test-openai-0001"))
			.withPropertyValues("paracle.providers.anthropic.api-key=sk-ant-test-0001")
			.run((context) -> {
					assertThat(context).hasSingleBean(OpenAiProvider.class)
						.hasSingleBean(AnthropicProvider.class)
						.doesNotHaveBean(GeminiProvider.class)
						.doesNotHaveBean(BedrockProvider.class)
						.hasSingleBean(LlmProviderFactory.class)
						.hasSingleBean(ApiCallTracker.class);
					assertThat(context.getBeanNamesForType(LlmProvider.class)).containsExactly("openai", "anthropic");
					assertThat(context.getBean("openai")).isSameAs(context.getBean(OpenAiProvider.class));
					LlmProviders providers = context.getBean(LlmProviders.class);
					assertThat(providers.names()).containsExactly("openai", "anthropic");
					assertThat(providers.get("anthropic")).isSameAs(context.getBean(AnthropicProvider.class));
					assertThat(providers.find("gemini")).isEmpty();
					assertThat(context.getBean(OpenAiProvider.class).chat("Hello").text()).isEqualTo("Hi");
				});
	}

	@Test
	void withoutActiveProvidersRegistersNoProviderBeans() {
		this.contextRunner.run((context) -> {
			assertThat(context).doesNotHaveBean(LlmProvider.class).hasSingleBean(LlmProviders.class);
			assertThat(context.getBean(LlmProviders.class).all()).isEmpty();
		});
	}

	@Test
	void namedConfigurationsAreInjectableByQualifierAndTheCatalogIdOneIsPrimary() {
		this.contextRunner
			.withPropertyValues(openAi("openai", "sk-test-openai-0001"))
			.withPropertyValues(openAi("openai-eu", "sk-test-openai-eu-0002"))
			.withPropertyValues("paracle.providers.openai-eu.type=openai",
					"paracle.providers.anthropic.api-key=sk-ant-test-0001")
			.withUserConfiguration(QualifiedInjection.class)
			.run((context) -> {
				assertThat(context.getBeansOfType(OpenAiProvider.class)).containsOnlyKeys("openai", "openai-eu");
				assertThat(context.getBean(OpenAiProvider.class).name()).isEqualTo("openai");
				QualifiedInjection injection = context.getBean(QualifiedInjection.class);
				assertThat(injection.eu.name()).isEqualTo("openai-eu");
				assertThat(injection.primary.name()).isEqualTo("openai");
				assertThat(context.getBean(LlmProviders.class).names()).containsExactly("openai", "anthropic",
						"openai-eu");
				injection.eu.chat("Hello");
				this.server.verify(1, postRequestedFor(urlEqualTo("/v1/chat/completions"))
					.withHeader("Authorization", equalTo("Bearer sk-test-openai-eu-0002")));
			});
	}

	@Test
	void aSingleNamedConfigurationIsInjectableByType() {
		this.contextRunner
			.withPropertyValues(openAi("openai-eu", "sk-test-openai-eu-0002"))
			.withPropertyValues("paracle.providers.openai-eu.type=openai")
			.run((context) -> {
				assertThat(context).hasSingleBean(OpenAiProvider.class);
				assertThat(context.getBean(OpenAiProvider.class).name()).isEqualTo("openai-eu");
				assertThat(context.getBean(LlmProvider.class).name()).isEqualTo("openai-eu");
			});
	}

	@Test
	void aUserBeanWithTheConfigurationNameWins() {
		OpenAiProvider mine = mock(OpenAiProvider.class);
		this.contextRunner.withPropertyValues(openAi("openai", "sk-test-openai-0001"))
			.withBean("openai", OpenAiProvider.class, () -> mine)
			.run((context) -> {
				assertThat(context).hasSingleBean(OpenAiProvider.class);
				assertThat(context.getBean("openai")).isSameAs(mine);
				assertThat(context.getBean(LlmProviders.class).get("openai")).isSameAs(mine);
			});
	}

	@Test
	void aUserBeanOfTheTypedClassReplacesTheCatalogIdConfigurationOnly() {
		OpenAiProvider mine = mock(OpenAiProvider.class);
		this.contextRunner
			.withPropertyValues(openAi("openai", "sk-test-openai-0001"))
			.withPropertyValues(openAi("openai-eu", "sk-test-openai-eu-0002"))
			.withPropertyValues("paracle.providers.openai-eu.type=openai")
			.withBean("myOpenAi", OpenAiProvider.class, () -> mine)
			.run((context) -> {
				assertThat(context.getBeansOfType(OpenAiProvider.class)).containsOnlyKeys("myOpenAi", "openai-eu");
				assertThat(context).doesNotHaveBean("openai");
			});
	}

	@Test
	void aRotatedKeyIsSentByTheVeryNextCall() {
		Map<String, Object> source = new LinkedHashMap<>();
		source.put("OPENAI_API_KEY", "sk-test-old-0001");
		this.contextRunner
			.withInitializer((context) -> context.getEnvironment()
				.getPropertySources()
				.addFirst(new MapPropertySource("rotating", source)))
			.withPropertyValues("paracle.providers.openai.base-url=" + FakeProviderServer.baseUrl() + "/v1")
			.run((context) -> {
				OpenAiProvider provider = context.getBean(OpenAiProvider.class);
				provider.chat("Hello");
				source.put("OPENAI_API_KEY", "sk-test-new-0002");
				assertThat(context.getBean(ApiKeyResolver.class).refresh()).containsExactly("openai");
				provider.chat("Hello");
				assertThat(this.server.getAllServeEvents().stream()
					.map((event) -> event.getRequest().getHeader("Authorization"))
					.toList()).containsExactly("Bearer sk-test-new-0002", "Bearer sk-test-old-0001");
				assertThat(provider.keyDescription().fingerprints())
					.isEqualTo(context.getBean(ApiKeyResolver.class).keys("openai").fingerprints());
			});
	}

	@Test
	void aPerCallKeyIsKnownToTheRedactorBeforeTheCallSendsIt() {
		String perCall = "PerCallKeyWithoutShape0001";
		this.contextRunner.withPropertyValues(openAi("openai", "sk-test-openai-0001"))
			.withPropertyValues("paracle.http.client=rest-client")
			.withUserConfiguration(RedactedWireLog.class)
			.run((context) -> {
				context.getBean(OpenAiProvider.class).chat(ChatRequest.builder().user("Hello").apiKey(perCall).build());
				assertThat(context.getBean(RedactedWireLog.class).lines).singleElement()
					.asString()
					.contains("Bearer [key:" + Fingerprints.of(perCall) + "]")
					.doesNotContain(perCall);
			});
	}

	@Test
	void httpClientsStartFromTheBootBuilderAndApplyCustomizers() {
		this.contextRunner.withConfiguration(AutoConfigurations.of(RestClientAutoConfiguration.class))
			.withPropertyValues(openAi("openai", "sk-test-openai-0001"))
			.withPropertyValues("paracle.http.client=rest-client")
			.withBean(RestClientCustomizer.class, () -> (builder) -> builder.defaultHeader("X-Boot", "yes"))
			.withBean(LlmProviderRestClientCustomizer.class,
					() -> (name, builder) -> builder.defaultHeader("X-Provider", name))
			.run((context) -> {
				context.getBean(OpenAiProvider.class).chat("Hello");
				this.server.verify(1, postRequestedFor(urlEqualTo("/v1/chat/completions"))
					.withHeader("X-Boot", equalTo("yes"))
					.withHeader("X-Provider", equalTo("openai"))
					.withHeader("Authorization", equalTo("Bearer sk-test-openai-0001")));
			});
	}

	@Test
	void theDirectHttpClientSkipsRestClientAndAppliesHttpClientCustomizers() {
		this.contextRunner
			.withConfiguration(AutoConfigurations.of(RestClientAutoConfiguration.class,
					RestClientObservationAutoConfiguration.class, ObservationAutoConfiguration.class,
					MetricsAutoConfiguration.class, SimpleMetricsExportAutoConfiguration.class,
					CompositeMeterRegistryAutoConfiguration.class))
			.withPropertyValues(openAi("openai", "sk-test-openai-0001"))
			.withPropertyValues("paracle.http.client=direct")
			.withBean(RestClientCustomizer.class, () -> (builder) -> builder.defaultHeader("X-Boot", "yes"))
			.withBean(LlmProviderHttpClientCustomizer.class, () -> (name, builder) -> builder
				.addRequestInterceptorFirst((request, entity, httpContext) -> request.setHeader("X-Direct", name)))
			.run((context) -> {
				assertThat(context.getBean(OpenAiProvider.class).chat("Hello").text()).isEqualTo("Hi");
				this.server.verify(1, postRequestedFor(urlEqualTo("/v1/chat/completions"))
					.withHeader("X-Direct", equalTo("openai"))
					.withoutHeader("X-Boot")
					.withHeader("Authorization", equalTo("Bearer sk-test-openai-0001"))
					.withHeader("Content-Type", equalTo("application/json"))
					.withHeader("Accept", equalTo("application/json")));
				MeterRegistry registry = context.getBean(MeterRegistry.class);
				assertThat(registry.get("api.calls")
					.tags("provider", "openai", "operation", "chat", "outcome", "success", "status", "200")
					.counter()
					.count()).isEqualTo(1);
				// no RestClient, so no http.client.requests
				assertThat(registry.find("http.client.requests").meters()).isEmpty();
			});
	}

	@Test
	void theDirectHttpClientWarnsThatRestClientCustomizersDoNotApply(CapturedOutput output) {
		this.contextRunner.withPropertyValues(openAi("openai", "sk-test-openai-0001"))
			.withPropertyValues("paracle.http.client=direct")
			.withBean(LlmProviderRestClientCustomizer.class,
					() -> (name, builder) -> builder.defaultHeader("X-Provider", name))
			.run((context) -> {
				context.getBean(OpenAiProvider.class).chat("Hello");
				this.server.verify(1, postRequestedFor(urlEqualTo("/v1/chat/completions")).withoutHeader("X-Provider"));
				assertThat(output).contains("paracle.http.client=direct: the providers call Apache HttpClient 5 "
						+ "without RestClient, so 1 LlmProviderRestClientCustomizer bean(s) do not apply");
			});
	}

	@Test
	void withoutAMeterRegistryProvidersWorkUnmetered() {
		this.contextRunner.withPropertyValues(openAi("openai", "sk-test-openai-0001")).run((context) -> {
			assertThat(context).doesNotHaveBean(ApiCallRecorder.class).doesNotHaveBean(MeterRegistry.class);
			assertThat(context.getBean(OpenAiProvider.class).chat("Hello").text()).isEqualTo("Hi");
		});
	}

	@Test
	void withoutMicrometerCoreProvidersWorkUnmetered() {
		this.contextRunner.withClassLoader(new FilteredClassLoader("io.micrometer.core"))
			.withPropertyValues(openAi("openai", "sk-test-openai-0001"))
			.run((context) -> {
				assertThat(context).hasNotFailed().doesNotHaveBean(ApiCallRecorder.class);
				assertThat(context.getBean(OpenAiProvider.class).chat("Hello").text()).isEqualTo("Hi");
			});
	}

	@Test
	void withBootMetricsAndObservationsEachCallIsCountedOnce() {
		this.contextRunner
			.withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class, MetricsAutoConfiguration.class,
					SimpleMetricsExportAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class))
			.withPropertyValues(openAi("openai", "sk-test-openai-0001"))
			.run((context) -> {
				assertThat(context).hasSingleBean(ApiCallRecorder.class);
				context.getBean(OpenAiProvider.class).chat("Hello");
				MeterRegistry registry = context.getBean(MeterRegistry.class);
				assertThat(registry.get("api.calls")
					.tags("provider", "openai", "operation", "chat", "outcome", "success", "status", "200")
					.counter()
					.count()).isEqualTo(1);
				assertThat(registry.get("api.call.duration").timer().count()).isOne();
				assertThat(registry.find("paracle.api.call").meters()).isEmpty();
				assertThat(registry.find("paracle.api.call.active").meters()).isEmpty();
			});
	}

	@Test
	void withOnlyMeterHandlersTheCallsAreNotObservedAndStillMetered() {
		List<Observation.Context> direct = new CopyOnWriteArrayList<>();
		this.contextRunner
			.withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class, MetricsAutoConfiguration.class,
					SimpleMetricsExportAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class))
			.withPropertyValues(openAi("openai", "sk-test-openai-0001"))
			.run((context) -> {
				// a handler registered on the registry itself, not as a bean: auto mode does not look for it
				context.getBean(ObservationRegistry.class).observationConfig().observationHandler(recording(direct));
				context.getBean(OpenAiProvider.class).chat("Hello");
				assertThat(direct).isEmpty();
				assertThat(context.getBean(MeterRegistry.class).get("api.calls").counter().count()).isEqualTo(1);
			});
	}

	@Test
	void observationsAlwaysObservesForHandlersRegisteredOnTheRegistry() {
		List<Observation.Context> direct = new CopyOnWriteArrayList<>();
		this.contextRunner
			.withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class, MetricsAutoConfiguration.class,
					SimpleMetricsExportAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class))
			.withPropertyValues(openAi("openai", "sk-test-openai-0001"))
			.withPropertyValues("paracle.metrics.observations=always")
			.run((context) -> {
				context.getBean(ObservationRegistry.class).observationConfig().observationHandler(recording(direct));
				context.getBean(OpenAiProvider.class).chat("Hello");
				assertThat(direct).extracting(Observation.Context::getName).containsExactly("paracle.api.call");
				assertThat(context.getBean(MeterRegistry.class).get("api.calls").counter().count()).isEqualTo(1);
				assertThat(context.getBean(MeterRegistry.class).find("paracle.api.call").meters()).isEmpty();
			});
	}

	@Test
	void aHandlerBeanThatSupportsOnlyOtherContextsDoesNotTurnTheObservationOn() {
		List<Observation.Context> direct = new CopyOnWriteArrayList<>();
		this.contextRunner
			.withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class))
			.withBean(ObservationHandler.class, () -> new ObservationHandler<Observation.Context>() {

				@Override
				public boolean supportsContext(Observation.Context context) {
					return "other".equals(context.getName());
				}

			})
			.withPropertyValues(openAi("openai", "sk-test-openai-0001"))
			.run((context) -> {
				context.getBean(ObservationRegistry.class).observationConfig().observationHandler(recording(direct));
				context.getBean(OpenAiProvider.class).chat("Hello");
				assertThat(direct).isEmpty();
			});
	}

	private static ObservationHandler<Observation.Context> recording(List<Observation.Context> stopped) {
		return new ObservationHandler<>() {

			@Override
			public void onStop(Observation.Context context) {
				stopped.add(context);
			}

			@Override
			public boolean supportsContext(Observation.Context context) {
				return true;
			}

		};
	}

	@Test
	void theHttpClientObservationIsAChildOfTheCallObservation() {
		List<Observation.Context> stopped = new CopyOnWriteArrayList<>();
		this.contextRunner
			.withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class, MetricsAutoConfiguration.class,
					SimpleMetricsExportAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class,
					RestClientAutoConfiguration.class, RestClientObservationAutoConfiguration.class))
			.withBean(ObservationHandler.class, () -> recording(stopped))
			.withPropertyValues(openAi("openai", "sk-test-openai-0001"))
			.withPropertyValues("paracle.http.client=rest-client")
			.run((context) -> {
				context.getBean(OpenAiProvider.class).chat("Hello");
				assertThat(stopped).extracting(Observation.Context::getName)
					.containsExactly("http.client.requests", "paracle.api.call");
				assertThat(stopped.get(0).getParentObservation().getContextView().getName())
					.isEqualTo("paracle.api.call");
				MeterRegistry registry = context.getBean(MeterRegistry.class);
				assertThat(registry.get("http.client.requests").timer().getId().getTag("uri"))
					.isEqualTo("/v1/chat/completions");
				assertThat(registry.get("api.calls").counter().count()).isEqualTo(1);
			});
	}

	@Test
	void anActiveBedrockWithoutTheAwsSdkFailsStartupWithAnAnalysis() {
		this.contextRunner.withClassLoader(new FilteredClassLoader("software.amazon.awssdk"))
			.withPropertyValues("paracle.providers.bedrock.access-key-id=AKIATESTKEY00001",
					"paracle.providers.bedrock.secret-access-key=test-aws-secret-0001",
					"paracle.providers.bedrock.region=us-east-1")
			.run((context) -> {
				assertThat(context).hasFailed();
				Throwable failure = context.getStartupFailure();
				FailureAnalysis analysis = FailureAnalyses.of(failure, getClass().getClassLoader());
				assertThat(analysis.getDescription()).isEqualTo("Provider configuration 'bedrock' (AWS Bedrock) is "
						+ "active, but software.amazon.awssdk:bedrockruntime is not on the classpath.");
				assertThat(analysis.getAction()).contains("Add the dependency software.amazon.awssdk:bedrockruntime")
					.contains("paracle.providers.bedrock.enabled=false");
			});
	}

	@Test
	void withoutTheAwsSdkAndNoBedrockTheOtherProvidersStart() {
		this.contextRunner.withClassLoader(new FilteredClassLoader("software.amazon.awssdk"))
			.withPropertyValues(openAi("openai", "sk-test-openai-0001"))
			.run((context) -> assertThat(context).hasNotFailed().hasSingleBean(OpenAiProvider.class));
	}

	private static String[] openAi(String name, String key) {
		return new String[] { "paracle.providers." + name + ".api-key=" + key,
				"paracle.providers." + name + ".base-url=" + FakeProviderServer.baseUrl() + "/v1" };
	}

	/**
	 * A wire log of request headers that redacts each line when the request is sent.
	 */
	@Configuration(proxyBeanMethods = false)
	static class RedactedWireLog {

		final List<String> lines = new CopyOnWriteArrayList<>();

		@Bean
		LlmProviderRestClientCustomizer redactedWireLog(KeyRedactor redactor) {
			return (name, builder) -> builder.requestInterceptor((request, body, execution) -> {
				this.lines.add(redactor.redact(request.getHeaders().toString()));
				return execution.execute(request, body);
			});
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class QualifiedInjection {

		final OpenAiProvider eu;

		final OpenAiProvider primary;

		QualifiedInjection(@Qualifier("openai-eu") OpenAiProvider eu, OpenAiProvider primary) {
			this.eu = eu;
			this.primary = primary;
		}

		@Bean
		String marker() {
			return "marker";
		}

	}

}
