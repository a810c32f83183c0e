package io.thirdparty.resilience;

import org.springframework.retry.RetryContext;
import org.springframework.retry.context.RetryContextSupport;

/**
 * Spring Retry context of one call, linked to the call's {@link FailoverState}.
 */
public final class FailoverRetryContext extends RetryContextSupport {

	private FailoverState state;

	private int waits;

	FailoverRetryContext(RetryContext parent) {
		super(parent);
	}

	/**
	 * Links the context to the call it retries; called by the first attempt.
	 * @param state the call's state
	 */
	public void bind(FailoverState state) {
		this.state = state;
	}

	FailoverState state() {
		return this.state;
	}

	int nextWait() {
		return this.waits++;
	}

}
