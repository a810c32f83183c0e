package io.thirdparty.cache;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import org.springframework.cache.Cache;
import org.springframework.cache.support.AbstractCacheManager;

import io.thirdparty.config.ServiceProperties;
import io.thirdparty.provider.ServiceDefinition;
import io.thirdparty.provider.ServiceRegistry;

/**
 * The starter's own {@link org.springframework.cache.CacheManager}: one cache per service
 * that has a cache, named after the service. It is registered as a bean that is not a
 * default candidate, so it shows in {@code /actuator/caches} without becoming the
 * application's cache manager or making Boot's back off; the pipeline holds it directly,
 * so the application's cache manager cannot take its place either.
 */
public class ThirdPartyCacheManager extends AbstractCacheManager {

	private final ServiceRegistry services;

	private final EntryCacheFactory factory;

	/**
	 * Creates the manager.
	 * @param services the configured services
	 * @param factory creates each service's cache on the configured backend
	 */
	public ThirdPartyCacheManager(ServiceRegistry services, EntryCacheFactory factory) {
		this.services = services;
		this.factory = factory;
	}

	/**
	 * Returns the cache of a service.
	 * @param service the service name
	 * @return the cache, or {@code null} when the service has none
	 */
	public EntryCache entryCache(String service) {
		return (EntryCache) getCache(service);
	}

	@Override
	protected Collection<? extends Cache> loadCaches() {
		List<EntryCache> caches = new ArrayList<>();
		for (ServiceDefinition service : this.services.all()) {
			ServiceProperties.Cache settings = service.settings().getCache();
			if (settings.active()) {
				caches.add(this.factory.create(service.name(), settings));
			}
		}
		return caches;
	}

	@Override
	protected Cache getMissingCache(String name) {
		ServiceDefinition service = this.services.get(name);
		if (service == null || !service.settings().getCache().active()) {
			return null;
		}
		return this.factory.create(name, service.settings().getCache());
	}

}
