package io.thirdparty.cache;

import io.thirdparty.config.ServiceProperties;

/**
 * A cache backend shared by every instance of the application (Redis): the {@code redis}
 * and {@code two-level} backends, and the lock that lets one instance run each pull
 * round. Kept free of Redis types so that the starter runs without Spring Data Redis.
 */
public interface SharedCacheBackend {

	/**
	 * Creates a service's cache in the shared store.
	 * @param service the service name
	 * @param settings the service's cache settings
	 * @return the cache
	 */
	EntryCache shared(String service, ServiceProperties.Cache settings);

	/**
	 * Creates a service's two-level cache: the given local cache in front of the shared
	 * store, kept coherent across instances.
	 * @param service the service name
	 * @param settings the service's cache settings
	 * @param local the in-memory first level
	 * @return the cache
	 */
	EntryCache twoLevel(String service, ServiceProperties.Cache settings, EntryCache local);

	/**
	 * Returns the lock that lets one instance run each scheduled pull round.
	 * @return the lock
	 */
	PullLock pullLock();

	/**
	 * Returns the lease that lets one instance load each missed key (cluster single
	 * flight).
	 * @return the lease; {@link FlightLease#LOCAL} when the backend has none
	 */
	default FlightLease flightLease() {
		return FlightLease.LOCAL;
	}

}
