package io.thirdparty.async;

import java.util.List;

import io.thirdparty.ThirdPartyException;
import io.thirdparty.resilience.FailureClassifier;
import io.thirdparty.resilience.FailureKind;

/**
 * Decides whether a queued call or task may run again, with the pipeline's own
 * {@link FailureClassifier}: a failure retrying cannot fix (the caller's error, a message
 * that no longer resolves) never runs again; a failure whose request may have reached the
 * vendor ({@link FailureKind#VENDOR_FAILURE}: 5xx, timeout, reset) runs again only for
 * idempotent work; one that never reached it ({@link FailureKind#NOT_DELIVERED},
 * {@link FailureKind#REJECTED}, no provider available) may always run again. A
 * {@link ThirdPartyException} is judged by its attempts, as the pipeline classified them:
 * it reached the vendor when any attempt may have.
 */
public class RerunPolicy {

	private final FailureClassifier classifier;

	/**
	 * Creates the policy.
	 * @param classifier what each failure means, as the pipeline decides it
	 */
	public RerunPolicy(FailureClassifier classifier) {
		this.classifier = classifier;
	}

	/**
	 * Returns why a failed run must not run again.
	 * @param failure what the run threw
	 * @param idempotent whether the work may be repeated after reaching the vendor
	 * @return the reason, or {@code null} when another run may be made
	 */
	public String refusalAfter(Throwable failure, boolean idempotent) {
		if (failure instanceof UnrunnableTaskException) {
			return "it cannot run in this application";
		}
		FailureKind kind = kind(failure);
		if (kind == FailureKind.CALLER_ERROR) {
			return "retrying cannot fix the caller's error";
		}
		if (kind == FailureKind.VENDOR_FAILURE && !idempotent) {
			return "the request may have reached the vendor and the work is not idempotent, so it is not sent again";
		}
		return null;
	}

	/**
	 * Returns why a delivery must not run because an earlier run of it began and never
	 * reported an outcome (its worker died, lost its claim or was stopped mid-run).
	 * @param start the task's state as this run begins
	 * @param idempotent whether the work may be repeated after reaching the vendor
	 * @return the reason, or {@code null} when it may run
	 */
	public String refusalBefore(TaskBackend.Start start, boolean idempotent) {
		if (idempotent || start.unsettled() == 0) {
			return null;
		}
		return "an earlier run began and never reported its outcome (its worker stopped or died), so the request "
				+ "may have reached the vendor; the work is not idempotent, so it is not sent again";
	}

	private FailureKind kind(Throwable failure) {
		if (!(failure instanceof ThirdPartyException exception)) {
			return this.classifier.classify(failure, List.of());
		}
		FailureKind kind = FailureKind.NOT_DELIVERED;
		for (ThirdPartyException.Attempt attempt : exception.attempts()) {
			FailureKind attemptKind = attempt.kind();
			if (attemptKind == FailureKind.VENDOR_FAILURE) {
				return attemptKind;
			}
			if (attemptKind == FailureKind.CALLER_ERROR) {
				kind = attemptKind;
			}
		}
		return kind;
	}

}
