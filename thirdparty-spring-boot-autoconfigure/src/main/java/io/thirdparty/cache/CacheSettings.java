package io.thirdparty.cache;

import java.time.Duration;

import io.thirdparty.config.ServiceProperties;

/**
 * The cache settings of one service, as values built when the service is (re)loaded,
 * which the cache stage reads on every call.
 *
 * @param active whether the service's results are cached
 * @param ttl how long a stored result is fresh
 * @param staleIfError how long past its ttl an entry is served while every provider fails
 * @param refreshAhead window before expiry in which a read reloads the entry in the
 * background
 * @param version version that ends every key
 * @param cacheNulls whether a null result is cached
 * @param clusterFlight whether a missed key is loaded under a cluster lease, when the
 * backend has one
 * @param lease how long a loader's lease lasts unless released
 * @param waitForLoad longest wait for another instance's load before loading
 */
public record CacheSettings(boolean active, Duration ttl, Duration staleIfError, Duration refreshAhead, String version,
		boolean cacheNulls, boolean clusterFlight, Duration lease, Duration waitForLoad) {

	/**
	 * Returns the values of bound settings.
	 * @param cache the bound {@code cache} settings of a service
	 * @return the values
	 */
	public static CacheSettings of(ServiceProperties.Cache cache) {
		return new CacheSettings(cache.active(), cache.effectiveTtl(), cache.getStaleIfError(), cache.getRefreshAhead(),
				cache.getVersion(), cache.isCacheNulls(), cache.getSingleFlight().isCluster(),
				cache.getSingleFlight().getLease(), cache.getSingleFlight().getWait());
	}

}
