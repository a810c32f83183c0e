package io.thirdparty.resilience;

import org.springframework.retry.RetryContext;
import org.springframework.retry.RetryPolicy;

/**
 * Retries a call while attempts remain and the call's {@link CallAttempts} allows it.
 */
final class FailoverRetryPolicy implements RetryPolicy {

	private final int maxAttempts;

	FailoverRetryPolicy(int maxAttempts) {
		this.maxAttempts = maxAttempts;
	}

	@Override
	public boolean canRetry(RetryContext context) {
		if (context.getLastThrowable() == null) {
			return true;
		}
		CallAttempts state = ((FailoverRetryContext) context).state();
		return state != null && state.mayRetry() && context.getRetryCount() < this.maxAttempts;
	}

	@Override
	public RetryContext open(RetryContext parent) {
		return new FailoverRetryContext(parent);
	}

	@Override
	public void close(RetryContext context) {
	}

	@Override
	public void registerThrowable(RetryContext context, Throwable throwable) {
		((FailoverRetryContext) context).registerThrowable(throwable);
	}

	@Override
	public int getMaxAttempts() {
		return this.maxAttempts;
	}

}
