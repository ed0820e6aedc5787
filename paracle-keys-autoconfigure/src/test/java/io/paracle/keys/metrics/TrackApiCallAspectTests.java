package io.paracle.keys.metrics;

import java.util.concurrent.CompletableFuture;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.paracle.keys.autoconfigure.LlmProviderAutoConfiguration;
import io.paracle.keys.autoconfigure.ParacleKeysAutoConfiguration;
import io.paracle.keys.provider.InvalidApiKeyException;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.aop.AopAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link TrackApiCall} and {@link TrackApiCallAspect} in an AOP-enabled context.
 */
class TrackApiCallAspectTests {

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(AopAutoConfiguration.class, ParacleKeysAutoConfiguration.class,
				ApiCallMetricsAutoConfiguration.class, LlmProviderAutoConfiguration.class))
		.withBean(SimpleMeterRegistry.class)
		.withBean(Summarizer.class);

	@Test
	void annotatedMethodsAreCountedAndTimedWithTheirOutcome() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasSingleBean(TrackApiCallAspect.class);
			Summarizer summarizer = context.getBean(Summarizer.class);
			assertThat(summarizer.summarize("text")).isEqualTo("summary");
			assertThat(summarizer.summarize("text")).isEqualTo("summary");
			assertThatExceptionOfType(InvalidApiKeyException.class).isThrownBy(summarizer::rejected);
			assertThatExceptionOfType(IllegalStateException.class).isThrownBy(summarizer::broken);
			assertThat(summarizer.later().join()).isEqualTo("done");
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			assertThat(registry.find("api.calls").counters()).extracting((counter) -> counter.getId().getTags()
				.toString() + " " + (long) counter.count())
				.containsExactlyInAnyOrder(
						"[tag(operation=broken), tag(outcome=client_error), tag(provider=anthropic), tag(status=none)] 1",
						"[tag(operation=later), tag(outcome=success), tag(provider=openai), tag(status=none)] 1",
						"[tag(operation=rejected), tag(outcome=auth_error), tag(provider=openai), tag(status=401)] 1",
						"[tag(operation=summarize), tag(outcome=success), tag(provider=openai), tag(status=none)] 2");
			assertThat(registry.get("api.call.duration").tag("operation", "summarize").timer().count()).isEqualTo(2);
		});
	}

	@Test
	void withoutAspectJTheAnnotationDoesNothing() {
		this.contextRunner.withClassLoader(new FilteredClassLoader("org.aspectj")).run((context) -> {
			assertThat(context).hasNotFailed().doesNotHaveBean(TrackApiCallAspect.class);
			assertThat(context.getBean(Summarizer.class).summarize("text")).isEqualTo("summary");
			assertThat(context.getBean(MeterRegistry.class).find("api.calls").counters()).isEmpty();
		});
	}

	@Test
	void withoutAMeterRegistryTheAspectIsNotRegistered() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(AopAutoConfiguration.class, ParacleKeysAutoConfiguration.class,
					ApiCallMetricsAutoConfiguration.class, LlmProviderAutoConfiguration.class))
			.withBean(Summarizer.class)
			.run((context) -> {
				assertThat(context).hasNotFailed().doesNotHaveBean(TrackApiCallAspect.class);
				assertThat(context.getBean(Summarizer.class).summarize("text")).isEqualTo("summary");
			});
	}

	static class Summarizer {

		@TrackApiCall(provider = "openai", operation = "summarize")
		String summarize(String text) {
			return "summary";
		}

		@TrackApiCall(provider = "openai")
		String rejected() {
			throw new InvalidApiKeyException("openai", 401, null, null, "invalid API key");
		}

		@TrackApiCall(provider = "anthropic")
		String broken() {
			throw new IllegalStateException("bug");
		}

		@TrackApiCall(provider = "openai")
		CompletableFuture<String> later() {
			return CompletableFuture.supplyAsync(() -> "done");
		}

	}

}
