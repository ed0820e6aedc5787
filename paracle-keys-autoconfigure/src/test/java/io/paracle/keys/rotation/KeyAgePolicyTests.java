package io.paracle.keys.rotation;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

import io.micrometer.core.instrument.binder.MeterBinder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.paracle.keys.autoconfigure.ParacleKeysAutoConfiguration;
import io.paracle.keys.metrics.ParacleKeyMetricsAutoConfiguration;
import io.paracle.keys.resolve.Fingerprints;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Key age from {@code key-created}, rotation due past {@code max-age}, one WARN a day, and the gauge.
 */
@ExtendWith(OutputCaptureExtension.class)
class KeyAgePolicyTests {

	private static final String KEY = "sk-age-canary-0001";

	private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-06-30T12:00:00Z"));

	private final Clock clock = new Clock() {

		@Override
		public ZoneOffset getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(java.time.ZoneId zone) {
			return this;
		}

		@Override
		public Instant instant() {
			return KeyAgePolicyTests.this.now.get();
		}

	};

	private final ApplicationContextRunner contextRunner = new ApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(ParacleKeysAutoConfiguration.class, ParacleKeyMetricsAutoConfiguration.class))
		.withBean(Clock.class, () -> this.clock)
		.withPropertyValues("paracle.providers.openai.api-key=" + KEY);

	@Test
	void keyYoungerThanMaxAgeIsNotDue() {
		this.contextRunner.withPropertyValues("paracle.providers.openai.key-created=2026-06-01").run((context) -> {
			KeyAgePolicy policy = context.getBean(KeyAgePolicy.class);
			assertThat(policy.ages()).singleElement().satisfies((age) -> {
				assertThat(age.provider()).isEqualTo("openai");
				assertThat(age.fingerprint()).isEqualTo(Fingerprints.of(KEY));
				assertThat(age.age().toDays()).isEqualTo(29);
				assertThat(age.rotationDue()).isFalse();
			});
			assertThat(policy.check()).isEmpty();
		});
	}

	@Test
	void keyPastMaxAgeIsDueAndWarnedOncePerDay(CapturedOutput output) {
		this.contextRunner.withPropertyValues("paracle.providers.openai.key-created=2026-01-01",
				"paracle.keys.rotation.max-age=90d")
			.run((context) -> {
				KeyAgePolicy policy = context.getBean(KeyAgePolicy.class);
				String warning = "API key " + Fingerprints.of(KEY) + " of provider 'openai' is 180 days old (maximum 90 days)";
				assertThat(policy.check()).singleElement().satisfies((age) -> assertThat(age.rotationDue()).isTrue());
				policy.check();
				this.now.set(this.now.get().plusSeconds(3600));
				policy.check();
				assertThat(countOccurrences(output.toString(), warning)).isOne();
				this.now.set(this.now.get().plusSeconds(86400));
				policy.check();
				assertThat(countOccurrences(output.toString(), "API key " + Fingerprints.of(KEY))).isEqualTo(2);
				assertThat(output).doesNotContain(KEY);
			});
	}

	@Test
	void gaugeShowsAgeInDaysTaggedByProviderAndFingerprint() {
		this.contextRunner.withPropertyValues("paracle.providers.openai.key-created=2026-06-20")
			.withBean(SimpleMeterRegistry.class)
			.run((context) -> {
				SimpleMeterRegistry registry = context.getBean(SimpleMeterRegistry.class);
				context.getBean("keyAgeMeterBinder", MeterBinder.class).bindTo(registry);
				assertThat(registry.get("paracle.key.age")
					.tag("provider", "openai")
					.tag("fingerprint", Fingerprints.of(KEY))
					.gauge()
					.value()).isEqualTo(10.5);
			});
	}

	@Test
	void keyWithoutKnownCreationHasNoAge() {
		this.contextRunner.run((context) -> assertThat(context.getBean(KeyAgePolicy.class).ages()).isEmpty());
	}

	private static int countOccurrences(String text, String part) {
		int count = 0;
		for (int index = text.indexOf(part); index >= 0; index = text.indexOf(part, index + 1)) {
			count++;
		}
		return count;
	}

}
