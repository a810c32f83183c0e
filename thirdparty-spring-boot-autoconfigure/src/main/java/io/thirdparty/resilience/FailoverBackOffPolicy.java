package io.thirdparty.resilience;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

import org.springframework.retry.RetryContext;
import org.springframework.retry.backoff.BackOffContext;
import org.springframework.retry.backoff.BackOffInterruptedException;
import org.springframework.retry.backoff.BackOffPolicy;
import org.springframework.retry.backoff.Sleeper;

/**
 * Waits between attempts of a call: not at all when failing over to a provider not yet
 * tried, otherwise exponentially ({@code backoff * multiplier^n}, spread by
 * {@code jitter}, capped by {@code max-backoff}), and at least as long as the vendor's
 * {@code Retry-After}, also capped. It reads the call's {@link CallAttempts} from the
 * retry context the call is {@linkplain #bind bound} to.
 */
public final class FailoverBackOffPolicy implements BackOffPolicy {

	private static final String ATTEMPTS = FailoverBackOffPolicy.class.getName() + ".attempts";

	private final long backoffMillis;

	private final double multiplier;

	private final double jitter;

	private final long maxBackoffMillis;

	private final FailureClassifier classifier;

	private final Sleeper sleeper;

	FailoverBackOffPolicy(RetrySettings retry, FailureClassifier classifier, Sleeper sleeper) {
		this.backoffMillis = retry.backoff().toMillis();
		this.multiplier = retry.multiplier();
		this.jitter = retry.jitter();
		this.maxBackoffMillis = retry.maxBackoff().toMillis();
		this.classifier = classifier;
		this.sleeper = sleeper;
	}

	/**
	 * Links a call's retry context to the call's attempts, which the waits depend on.
	 * @param context the retry context of the call
	 * @param attempts the call's attempts
	 */
	public static void bind(RetryContext context, CallAttempts attempts) {
		context.setAttribute(ATTEMPTS, attempts);
	}

	@Override
	public BackOffContext start(RetryContext context) {
		return new Waits(context);
	}

	@Override
	public void backOff(BackOffContext backOffContext) throws BackOffInterruptedException {
		Waits waits = (Waits) backOffContext;
		CallAttempts attempts = (CallAttempts) waits.context.getAttribute(ATTEMPTS);
		if (attempts == null || attempts.hasUntriedProvider()) {
			return;
		}
		long wait = delay(waits.count++, this.classifier.retryAfter(attempts.lastFailure()));
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

	/** The waits of one call: its retry context and how many waits it has had. */
	private static final class Waits implements BackOffContext {

		private final RetryContext context;

		private int count;

		Waits(RetryContext context) {
			this.context = context;
		}

	}

}
