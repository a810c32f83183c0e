package io.thirdparty;

/**
 * Where a queued call or task stands.
 */
public enum TaskStatus {

	/** Accepted and not finished: waiting in the queue, running, or waiting to retry. */
	PROCESSING,

	/** Finished; its result is available. */
	SUCCESS,

	/** Given up: failed on every delivery, or failed in a way retrying cannot fix. */
	FAILED

}
