package io.thirdparty.resilience;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

import org.springframework.retry.RetryContext;
import org.springframework.retry.backoff.BackOffContext;
import org.springframework.retry.backoff.BackOffInterruptedException;
import org.springframework.retry.backoff.BackOffPolicy;
import org.springframework.retry.backoff.Sleeper;
import org.springframework.retry.support.RetrySynchronizationManager;

import io.thirdparty.config.ServiceProperties;

/**
 * Waits between attempts of a call: not at all when failing over to a provider not yet tried,
 * otherwise exponentially ({@code backoff * multiplier^n}, spread by {@code jitter}, capped by
 * {@code max-backoff}), and at least as long as the vendor's {@code Retry-After}, also capped.
 */
final class FailoverBackOffPolicy implements BackOffPolicy {

	private final long backoffMillis;

	private final double multiplier;

	private final double jitter;

	private final long maxBackoffMillis;

	private final FailureClassifier classifier;

	private final Sleeper sleeper;

	FailoverBackOffPolicy(ServiceProperties.Retry retry, FailureClassifier classifier, Sleeper sleeper) {
		this.backoffMillis = retry.getBackoff().toMillis();
		this.multiplier = retry.getMultiplier();
		this.jitter = retry.getJitter();
		this.maxBackoffMillis = retry.getMaxBackoff().toMillis();
		this.classifier = classifier;
		this.sleeper = sleeper;
	}

	/** Returns no context: the wait is computed from the call's retry context. */
	@Override
	public BackOffContext start(RetryContext context) {
		return null;
	}

	@Override
	public void backOff(BackOffContext ignored) throws BackOffInterruptedException {
		RetryContext context = RetrySynchronizationManager.getContext();
		if (!(context instanceof FailoverRetryContext failover) || failover.state() == null) {
			return;
		}
		CallAttempts state = failover.state();
		if (state.hasUntriedProvider()) {
			return;
		}
		long wait = delay(failover.nextWait(), this.classifier.retryAfter(state.lastFailure()));
		if (wait > 0) {
			try {
				this.sleeper.sleep(wait);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new BackOffInterruptedException("Interrupted while waiting to retry", ex);
			}
		}
	}

	long delay(int waitsSoFar, Duration retryAfter) {
		double base = this.backoffMillis * Math.pow(this.multiplier, waitsSoFar);
		double spread = (this.jitter > 0) ? base * this.jitter * (2 * ThreadLocalRandom.current().nextDouble() - 1) : 0;
		long wait = Math.min(this.maxBackoffMillis, Math.round(base + spread));
		if (retryAfter != null) {
			wait = Math.max(wait, Math.min(this.maxBackoffMillis, retryAfter.toMillis()));
		}
		return Math.max(0, wait);
	}

}
