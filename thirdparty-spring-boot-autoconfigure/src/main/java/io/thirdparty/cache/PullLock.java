package io.thirdparty.cache;

import java.time.Duration;

/**
 * Decides which instance runs a round of a scheduled pull.
 */
@FunctionalInterface
public interface PullLock {

	/** Lets every round run: a single instance, or no shared store. */
	PullLock LOCAL = (service, round, hold) -> true;

	/**
	 * Claims a round for this instance.
	 * @param service the service whose cache is pulled
	 * @param round the round's identity, the same on every instance
	 * @param hold how long the claim must last
	 * @return {@code true} when this instance runs the round
	 */
	boolean tryAcquire(String service, long round, Duration hold);

}
