package io.thirdparty.resilience;

/**
 * What a failed attempt means for the rest of the call.
 */
public enum FailureKind {

	/**
	 * The vendor failed (5xx, 408, 429, an I/O error, a timeout, an unreadable answer):
	 * counted by the provider's breaker and retried, except for non-idempotent calls.
	 */
	VENDOR_FAILURE,

	/**
	 * The request never reached the vendor (connection refused, unknown host): counted by
	 * the breaker and retried even for non-idempotent calls.
	 */
	NOT_DELIVERED,

	/**
	 * The provider was not called because of local protection (open breaker, rate limit,
	 * bulkhead, no thread for the time limit): not counted, and the call moves on.
	 */
	REJECTED,

	/**
	 * The caller's fault or a failure the user asked to ignore (other 4xx, invalid
	 * arguments, {@code retry.ignore-exceptions}): neither counted nor retried; it
	 * reaches the caller unchanged.
	 */
	CALLER_ERROR;

	/**
	 * Returns whether a breaker counts this failure against the provider.
	 * @return {@code true} for vendor failures and undelivered requests
	 */
	public boolean countsAgainstProvider() {
		return this == VENDOR_FAILURE || this == NOT_DELIVERED;
	}

}
