package io.thirdparty.resilience;

/**
 * What the retry stage needs to know of the call in progress to decide whether, and how soon,
 * to try again.
 */
public interface FailoverState {

	/**
	 * Returns whether the last failure allows another attempt: it was retryable, the call is
	 * idempotent or the request never left, and some provider is available.
	 * @return {@code true} when another attempt may be made
	 */
	boolean mayRetry();

	/**
	 * Returns whether an available provider has not been tried yet in this call, in which case
	 * the next attempt fails over to it at once, without backoff.
	 * @return {@code true} when an untried provider is available
	 */
	boolean hasUntriedProvider();

	/**
	 * Returns the failure of the last attempt.
	 * @return the failure, or {@code null} before any
	 */
	Throwable lastFailure();

}
