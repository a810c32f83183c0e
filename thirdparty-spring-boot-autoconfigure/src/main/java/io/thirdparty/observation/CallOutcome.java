package io.thirdparty.observation;

import java.util.List;

import io.thirdparty.ThirdPartyException;
import io.thirdparty.pipeline.ThirdPartyInvocation;
import io.thirdparty.resilience.FailureClassifier;
import io.thirdparty.resilience.FailureKind;

/**
 * How a call or an attempt ended, as the {@code outcome} tag of metrics and observations.
 */
public enum CallOutcome {

	/** Answered without error. */
	SUCCESS,

	/** Failed: every provider tried failed, or the caller's own error. */
	FAILURE,

	/** Refused by local protection (open breakers, rate limits, bulkheads) on every provider. */
	REJECTED,

	/** Failed on every provider and answered by the method's fallback. */
	FALLBACK;

	private final String tag = name().toLowerCase();

	/**
	 * Returns the tag value.
	 * @return the lower-case name
	 */
	public String tag() {
		return this.tag;
	}

	/**
	 * Returns how a call ended.
	 * @param invocation the call
	 * @param failure what it threw, or {@code null} when it returned
	 * @param classifier tells local rejections apart
	 * @return the outcome
	 */
	static CallOutcome ofCall(ThirdPartyInvocation invocation, Throwable failure, FailureClassifier classifier) {
		if (failure == null) {
			return SUCCESS;
		}
		if (!(failure instanceof ThirdPartyException exception)) {
			return FAILURE;
		}
		if (invocation.spec().fallback() != null) {
			return FALLBACK;
		}
		List<ThirdPartyException.Attempt> attempts = exception.attempts();
		List<Class<? extends Throwable>> ignored = invocation.service().settings().getRetry().getIgnoreExceptions();
		for (ThirdPartyException.Attempt attempt : attempts) {
			if (classifier.classify(attempt.cause(), ignored) != FailureKind.REJECTED) {
				return FAILURE;
			}
		}
		return REJECTED;
	}

	/**
	 * Returns how an attempt ended.
	 * @param invocation the call
	 * @param failure what the attempt threw, or {@code null} when it returned
	 * @param classifier tells local rejections apart
	 * @return the outcome
	 */
	static CallOutcome ofAttempt(ThirdPartyInvocation invocation, Throwable failure, FailureClassifier classifier) {
		if (failure == null) {
			return SUCCESS;
		}
		FailureKind kind = classifier.classify(failure, invocation.service().settings().getRetry().getIgnoreExceptions());
		return (kind == FailureKind.REJECTED) ? REJECTED : FAILURE;
	}

}
