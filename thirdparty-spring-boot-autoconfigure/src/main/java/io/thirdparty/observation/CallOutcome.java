package io.thirdparty.observation;

import io.thirdparty.ThirdPartyException;
import io.thirdparty.pipeline.ThirdPartyInvocation;
import io.thirdparty.resilience.FailureKind;

/**
 * How a call or an attempt ended, as the {@code outcome} tag of metrics and observations.
 */
public enum CallOutcome {

	/** Answered without error. */
	SUCCESS,

	/** Failed: every provider tried failed, or the caller's own error. */
	FAILURE,

	/**
	 * Refused by local protection (open breakers, rate limits, bulkheads) on every
	 * provider.
	 */
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
	 * Returns how a call ended, from the records of its attempts.
	 * @param invocation the call
	 * @param failure what it threw, or {@code null} when it returned
	 * @return the outcome
	 */
	static CallOutcome ofCall(ThirdPartyInvocation invocation, Throwable failure) {
		if (failure == null) {
			return SUCCESS;
		}
		if (!(failure instanceof ThirdPartyException exception)) {
			return FAILURE;
		}
		if (invocation.spec().fallback() != null) {
			return FALLBACK;
		}
		for (ThirdPartyException.Attempt attempt : exception.attempts()) {
			if (attempt.kind() != FailureKind.REJECTED) {
				return FAILURE;
			}
		}
		return REJECTED;
	}

	/**
	 * Returns how an attempt ended, from its record.
	 * @param failed the attempt's record, or {@code null} when it returned
	 * @return the outcome
	 */
	static CallOutcome ofAttempt(ThirdPartyException.Attempt failed) {
		if (failed == null) {
			return SUCCESS;
		}
		return (failed.kind() == FailureKind.REJECTED) ? REJECTED : FAILURE;
	}

}
