package io.thirdparty.resilience;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.retry.RetryContext;
import org.springframework.retry.backoff.BackOffContext;
import org.springframework.retry.context.RetryContextSupport;

import io.thirdparty.ThirdPartyException;
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
		return new FailoverBackOffPolicy(RetrySettings.of(retry), new FailureClassifier(Clock.systemUTC()),
				(millis) -> {
					throw new AssertionError("no sleeping in this test");
				});
	}

	@Test
	void waitsOnlyBeforeReusingAProviderReadingTheCallBoundToItsRetryContext() throws Exception {
		ServiceProperties.Retry retry = new ServiceProperties.Retry();
		retry.setBackoff(Duration.ofMillis(100));
		retry.setJitter(0);
		List<Long> slept = new ArrayList<>();
		FailoverBackOffPolicy policy = new FailoverBackOffPolicy(RetrySettings.of(retry),
				new FailureClassifier(Clock.systemUTC()), slept::add);
		Attempts attempts = new Attempts();
		RetryContext context = new RetryContextSupport(null);
		FailoverBackOffPolicy.bind(context, attempts);
		BackOffContext waits = policy.start(context);
		attempts.untried = true;
		policy.backOff(waits);
		assertThat(slept).isEmpty();
		attempts.untried = false;
		policy.backOff(waits);
		policy.backOff(waits);
		assertThat(slept).containsExactly(100L, 200L);
	}

	/** The attempts of a call whose providers are all tried, or not. */
	static final class Attempts implements CallAttempts {

		boolean untried;

		@Override
		public long attemptStarted() {
			return 0;
		}

		@Override
		public ThirdPartyException.Attempt attemptFailed(Throwable failure) {
			throw new UnsupportedOperationException();
		}

		@Override
		public boolean hasUntriedProvider() {
			return this.untried;
		}

		@Override
		public Throwable lastFailure() {
			return new IllegalStateException("vendor down");
		}

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
