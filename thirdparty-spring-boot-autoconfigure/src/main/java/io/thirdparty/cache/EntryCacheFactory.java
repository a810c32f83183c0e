package io.thirdparty.cache;

import io.thirdparty.config.ServiceProperties;

/**
 * Creates the cache of one service on the configured backend.
 */
@FunctionalInterface
public interface EntryCacheFactory {

	/**
	 * Creates a service's cache.
	 * @param service the service name, which names the cache
	 * @param settings the service's cache settings
	 * @return the cache
	 */
	EntryCache create(String service, ServiceProperties.Cache settings);

}
