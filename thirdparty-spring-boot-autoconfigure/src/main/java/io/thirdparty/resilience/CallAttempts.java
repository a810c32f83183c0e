package io.thirdparty.resilience;

import io.thirdparty.ThirdPartyException;

/**
 * The attempts of the call in progress, as the provider's guard and the retry's waits see
 * them: when the current attempt began, its failure recorded and classified once, and
 * what the next attempt may try.
 */
public interface CallAttempts {

	/**
	 * Returns when the current attempt began.
	 * @return a {@link System#nanoTime()} value
	 */
	long attemptStarted();

	/**
	 * Records that the current attempt failed. The failure is classified the first time
	 * the attempt is reported as failed; later reports of the same attempt return the
	 * same record.
	 * @param failure what the attempt threw
	 * @return the attempt's record
	 */
	ThirdPartyException.Attempt attemptFailed(Throwable failure);

	/**
	 * Returns whether an available provider has not been tried yet in this call, in which
	 * case the next attempt fails over to it at once, without backoff.
	 * @return {@code true} when an untried provider is available
	 */
	boolean hasUntriedProvider();

	/**
	 * Returns the failure of the last attempt.
	 * @return the failure, or {@code null} before any
	 */
	Throwable lastFailure();

}
