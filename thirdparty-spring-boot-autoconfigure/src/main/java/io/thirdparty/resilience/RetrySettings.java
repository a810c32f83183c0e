package io.thirdparty.resilience;

import java.time.Duration;
import java.util.List;

import org.springframework.retry.backoff.ThreadWaitSleeper;
import org.springframework.retry.policy.MaxAttemptsRetryPolicy;
import org.springframework.retry.support.RetryTemplate;

import io.thirdparty.config.ServiceProperties;

/**
 * The retry settings of one service, as values built when the service is (re)loaded, and
 * the Spring Retry template they describe.
 *
 * @param maxAttempts most attempts of one call, the first included
 * @param backoff wait before the first retry that reuses a provider
 * @param multiplier factor applied to the wait after each retry
 * @param jitter random spread of each wait, as a fraction of it
 * @param maxBackoff longest wait, also the cap on a vendor's {@code Retry-After}
 * @param ignored exception types neither retried nor counted against a provider
 */
public record RetrySettings(int maxAttempts, Duration backoff, double multiplier, double jitter, Duration maxBackoff,
		List<Class<? extends Throwable>> ignored) {

	/**
	 * Creates the settings.
	 */
	public RetrySettings {
		ignored = List.copyOf(ignored);
	}

	/**
	 * Returns the values of bound settings.
	 * @param retry the bound {@code retry} settings of a service
	 * @return the values
	 */
	public static RetrySettings of(ServiceProperties.Retry retry) {
		return new RetrySettings(retry.getMaxAttempts(), retry.getBackoff(), retry.getMultiplier(), retry.getJitter(),
				retry.getMaxBackoff(), retry.getIgnoreExceptions());
	}

	/**
	 * Builds the retry template a call enters after its first attempt failed retryably:
	 * at most {@link #maxAttempts()} attempts, the failed first one included, and between
	 * them the waits of {@link FailoverBackOffPolicy}. The template is shared by every
	 * call of the service; each call {@linkplain FailoverBackOffPolicy#bind binds} its
	 * attempts to its own retry context.
	 * @param classifier reads a vendor's {@code Retry-After}
	 * @return the template
	 */
	public RetryTemplate retryTemplate(FailureClassifier classifier) {
		RetryTemplate template = new RetryTemplate();
		template.setRetryPolicy(new MaxAttemptsRetryPolicy(this.maxAttempts));
		template.setBackOffPolicy(new FailoverBackOffPolicy(this, classifier, new ThreadWaitSleeper()));
		template.setThrowLastExceptionOnExhausted(true);
		return template;
	}

}
