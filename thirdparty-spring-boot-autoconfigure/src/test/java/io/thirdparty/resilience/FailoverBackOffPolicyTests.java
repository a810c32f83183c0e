package io.thirdparty.resilience;

import java.time.Clock;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import io.thirdparty.config.ServiceProperties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How long the retry stage waits.
 */
class FailoverBackOffPolicyTests {

	private FailoverBackOffPolicy policy(double jitter) {
		ServiceProperties.Retry retry = new ServiceProperties.Retry();
		retry.setBackoff(Duration.ofMillis(100));
		retry.setMultiplier(2.0);
		retry.setJitter(jitter);
		retry.setMaxBackoff(Duration.ofSeconds(1));
		return new FailoverBackOffPolicy(retry, new FailureClassifier(Clock.systemUTC()), (millis) -> {
			throw new AssertionError("no sleeping in this test");
		});
	}

	@Test
	void waitGrowsExponentiallyUpToTheCap() {
		FailoverBackOffPolicy policy = policy(0);
		assertThat(policy.delay(0, null)).isEqualTo(100);
		assertThat(policy.delay(1, null)).isEqualTo(200);
		assertThat(policy.delay(3, null)).isEqualTo(800);
		assertThat(policy.delay(4, null)).isEqualTo(1000);
	}

	@Test
	void jitterSpreadsTheWaitWithinItsFraction() {
		FailoverBackOffPolicy policy = policy(0.2);
		for (int i = 0; i < 200; i++) {
			assertThat(policy.delay(1, null)).isBetween(160L, 240L);
		}
	}

	@Test
	void retryAfterLengthensTheWaitButNeverPastTheCap() {
		FailoverBackOffPolicy policy = policy(0);
		assertThat(policy.delay(0, Duration.ofMillis(700))).isEqualTo(700);
		assertThat(policy.delay(0, Duration.ofSeconds(30))).isEqualTo(1000);
		assertThat(policy.delay(2, Duration.ofMillis(50))).isEqualTo(400);
	}

}
