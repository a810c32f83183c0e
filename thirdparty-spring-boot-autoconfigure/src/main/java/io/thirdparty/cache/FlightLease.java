package io.thirdparty.cache;

import java.time.Duration;

/**
 * Lets one instance of the application load a missed key while the others wait for its
 * entry: the cluster-wide half of the cache stage's single flight (the local half makes
 * one load per key in each instance). Kept free of Redis types; the Redis backends lease
 * through Redis, the Caffeine backend has no lease ({@link #LOCAL}).
 */
@FunctionalInterface
public interface FlightLease {

	/**
	 * No cluster lease: every instance loads for itself (still one load per key and
	 * instance).
	 */
	FlightLease LOCAL = (service, key, hold) -> Lease.OWN;

	/**
	 * Tries to take the lease of a key.
	 * @param service the service name
	 * @param key the key within the service's cache ({@code <key>:<version>})
	 * @param hold how long the lease lasts unless released (it expires by itself if the
	 * loader dies)
	 * @return the lease to release once the entry is stored; {@link Lease#OWN} when no
	 * lease can be taken now (no shared store, or it is unavailable) and the caller loads
	 * on its own; {@code null} when another instance holds it
	 */
	Lease tryAcquire(String service, String key, Duration hold);

	/**
	 * A lease taken.
	 */
	@FunctionalInterface
	interface Lease {

		/** A load without a lease: nothing to release. */
		Lease OWN = () -> {
		};

		/**
		 * Gives the lease back, if this instance still holds it; never throws.
		 */
		void release();

	}

}
