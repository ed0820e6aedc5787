package io.paracle.keys.secrets;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import io.paracle.keys.refresh.KeySourcesRefresher;
import io.paracle.keys.resolve.ApiKeyResolver;
import io.paracle.keys.testsupport.MutableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mockito.InOrder;

import org.springframework.boot.logging.LogLevel;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.cloud.context.refresh.ContextRefresher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.BDDMockito.given;
import static org.mockito.BDDMockito.willThrow;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

/**
 * Re-reads composed of the store's reload through Spring Cloud's {@link ContextRefresher} and the resolver: store
 * first, then the resolver; failures go to the status, logged once per outage.
 */
@ExtendWith(OutputCaptureExtension.class)
class SecretStoreReloadTests {

	private final MutableClock clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));

	private final ApiKeyResolver resolver = mock(ApiKeyResolver.class);

	private final ContextRefresher contextRefresher = mock(ContextRefresher.class);

	private final SecretStoreStatus status = new SecretStoreStatus("aws", "aws-secretsmanager:paracle/api-keys",
			this.clock);

	private final KeySourcesRefresher refresher = new KeySourcesRefresher(this.resolver,
			List.of(new SecretStoreReload(this.contextRefresher, this.status)), Duration.ofSeconds(30), this.clock);

	private final LoggingSystem loggingSystem = LoggingSystem.get(getClass().getClassLoader());

	@BeforeEach
	void logInfo() {
		// logback-test.xml logs WARN and above; the outage's recovery line is INFO.
		this.loggingSystem.setLogLevel("io.paracle.keys.secrets", LogLevel.INFO);
	}

	@AfterEach
	void resetLogLevel() {
		this.loggingSystem.setLogLevel("io.paracle.keys.secrets", null);
	}

	@Test
	void reReadsTheStoreThenTheKeys() {
		given(this.resolver.refresh()).willReturn(List.of("openai"));
		assertThat(this.refresher.refresh()).containsExactly("openai");
		InOrder order = inOrder(this.contextRefresher, this.resolver);
		order.verify(this.contextRefresher).refresh();
		order.verify(this.resolver).refresh();
		assertThat(this.status.isUp()).isTrue();
	}

	@Test
	void unreachableStoreIsRecordedOnceAndTheKeysAreStillReRead(CapturedOutput output) {
		willThrow(new IllegalStateException("Connection refused")).given(this.contextRefresher).refresh();
		for (int i = 0; i < 4; i++) {
			this.clock.advance(Duration.ofMinutes(5));
			assertThat(this.refresher.refresh()).isEmpty();
		}
		verify(this.resolver, times(4)).refresh();
		assertThat(this.status.toDetails()).containsEntry("status", "DOWN")
			.containsEntry("consecutiveFailures", 4)
			.containsEntry("lastSuccess", "2026-03-01T10:00:00Z")
			.containsEntry("lastFailure", "2026-03-01T10:20:00Z")
			.containsEntry("lastError", "IllegalStateException: Connection refused");
		assertThat(SecretStoreScenarios.count(output, "cannot be read")).isOne();
	}

	@Test
	void recoveryIsLoggedOnce(CapturedOutput output) {
		willThrow(new IllegalStateException("down")).given(this.contextRefresher).refresh();
		this.refresher.refresh();
		this.refresher.refresh();
		org.mockito.Mockito.reset(this.contextRefresher);
		this.clock.advance(Duration.ofMinutes(1));
		this.refresher.refresh();
		this.refresher.refresh();
		assertThat(this.status.toDetails()).containsEntry("status", "UP")
			.containsEntry("consecutiveFailures", 0)
			.containsEntry("lastSuccess", "2026-03-01T10:01:00Z")
			.doesNotContainKey("lastError");
		assertThat(this.status.getFailures()).isEqualTo(2);
		assertThat(SecretStoreScenarios.count(output, "answers again after 2 failed re-reads")).isOne();
	}

	@Test
	void rejectionsReReadAtMostOncePerMinimumInterval() {
		given(this.resolver.refresh()).willReturn(List.of("openai"), List.of());
		assertThat(this.refresher.refreshAfterRejection("openai")).isTrue();
		// A call that was in flight with the old key: no new re-read, but the keys did change just now.
		this.clock.advance(Duration.ofSeconds(10));
		assertThat(this.refresher.refreshAfterRejection("openai")).isTrue();
		assertThat(this.refresher.refreshAfterRejection("anthropic")).isFalse();
		verify(this.contextRefresher, times(1)).refresh();
		// After the interval: a new re-read, which finds nothing new.
		this.clock.advance(Duration.ofSeconds(21));
		assertThat(this.refresher.refreshAfterRejection("openai")).isFalse();
		verify(this.contextRefresher, times(2)).refresh();
	}

	@Test
	void scheduledChangeJustBeforeARejectionMakesTheRetryWorthwhile() {
		given(this.resolver.refresh()).willReturn(List.of("openai"), List.of());
		assertThat(this.refresher.refresh()).containsExactly("openai");
		this.clock.advance(Duration.ofSeconds(5));
		assertThat(this.refresher.refreshAfterRejection("openai")).isTrue();
	}

	@Test
	void withoutContextRefresherOnlyTheLocalSourcesAreReRead(CapturedOutput output) {
		KeySourcesRefresher local = new KeySourcesRefresher(this.resolver,
				List.of(new SecretStoreReload(null, this.status)), Duration.ofSeconds(30), this.clock);
		local.refresh();
		verify(this.resolver).refresh();
		assertThat(output).contains("Secret store aws-secretsmanager:paracle/api-keys is read at startup only: "
				+ "no ContextRefresher bean");
	}

}
