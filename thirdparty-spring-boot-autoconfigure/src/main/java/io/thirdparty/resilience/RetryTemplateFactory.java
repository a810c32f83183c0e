package io.thirdparty.resilience;

import org.springframework.retry.backoff.Sleeper;
import org.springframework.retry.support.RetryTemplate;

import io.thirdparty.config.ServiceProperties;

/**
 * Builds the Spring Retry template of a service: the one place that knows Spring Retry, so that
 * retry can move to Spring Framework's own retry support without touching the pipeline.
 */
public class RetryTemplateFactory {

	private final FailureClassifier classifier;

	private final Sleeper sleeper;

	/**
	 * Creates a factory.
	 * @param classifier reads {@code Retry-After} from failures
	 * @param sleeper waits between attempts
	 */
	public RetryTemplateFactory(FailureClassifier classifier, Sleeper sleeper) {
		this.classifier = classifier;
		this.sleeper = sleeper;
	}

	/**
	 * Creates the retry template of a service. Each attempt's callback must
	 * {@linkplain FailoverRetryContext#bind bind} the call's {@link CallAttempts}.
	 * @param service the service's settings
	 * @return a template that retries by the service's {@code retry} settings
	 */
	public RetryTemplate create(ServiceProperties service) {
		RetryTemplate template = new RetryTemplate();
		template.setRetryPolicy(new FailoverRetryPolicy(service.getRetry().getMaxAttempts()));
		template.setBackOffPolicy(new FailoverBackOffPolicy(service.getRetry(), this.classifier, this.sleeper));
		template.setThrowLastExceptionOnExhausted(true);
		return template;
	}

}
