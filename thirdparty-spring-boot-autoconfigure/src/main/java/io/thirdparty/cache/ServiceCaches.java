package io.thirdparty.cache;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

import io.thirdparty.provider.ServiceDefinition;
import io.thirdparty.provider.ServiceRegistry;

/**
 * The services' caches as the pipeline, the scheduled pull and operators use them: finds
 * a service's cache, builds keys with the service's current version, evicts a key or a
 * whole service.
 */
public class ServiceCaches {

	private final ThirdPartyCacheManager manager;

	private final ServiceRegistry services;

	private final CacheKeys keys;

	private final Map<String, ServiceCache> byService = new ConcurrentHashMap<>();

	/**
	 * Creates the facade.
	 * @param manager the starter's cache manager
	 * @param services the configured services
	 * @param keys writes key values as the calls do
	 */
	public ServiceCaches(ThirdPartyCacheManager manager, ServiceRegistry services, CacheKeys keys) {
		this.manager = manager;
		this.services = services;
		this.keys = keys;
	}

	/**
	 * Returns the key a value is cached under within its service's cache.
	 * @param key the {@code <key>} part, from {@code @ThirdPartyCall(key)}
	 * @param version the service's cache version
	 * @return {@code <key>:<version>}; the full key is {@code <service>:<key>:<version>}
	 */
	public static String cacheKey(String key, String version) {
		return key + ':' + version;
	}

	/**
	 * Returns a service's cache.
	 * @param service the service name
	 * @return the cache, or {@code null} when the service has none
	 */
	public EntryCache cache(String service) {
		ServiceCache cache = of(service);
		return (cache != null) ? cache.entries() : null;
	}

	/**
	 * Removes the entries of a key value in every keyspace of a service, under the
	 * service's current version.
	 * @param service the service name
	 * @param key the value {@code @ThirdPartyCall(key)} evaluates to
	 * @return {@code false} when the service has no cache
	 */
	public boolean evict(String service, Object key) {
		ServiceDefinition definition = this.services.get(service);
		ServiceCache cache = of(service);
		if (definition == null || cache == null) {
			return false;
		}
		String version = definition.settings().getCache().getVersion();
		for (String part : this.keys.keyParts(service, key)) {
			cache.entries().evict(cacheKey(part, version));
		}
		return true;
	}

	/**
	 * Removes the entries of key texts in every keyspace of a service, under the
	 * service's current version.
	 * @param service the service name
	 * @param texts the keys' texts ({@link CacheKeys#keyText})
	 * @return {@code false} when the service has no cache
	 */
	public boolean evictTexts(String service, Collection<String> texts) {
		ServiceDefinition definition = this.services.get(service);
		ServiceCache cache = of(service);
		if (definition == null || cache == null) {
			return false;
		}
		String version = definition.settings().getCache().getVersion();
		for (String text : texts) {
			for (String part : this.keys.textParts(service, text)) {
				cache.entries().evict(cacheKey(part, version));
			}
		}
		return true;
	}

	/**
	 * Removes every entry of a service.
	 * @param service the service name
	 * @return {@code false} when the service has no cache
	 */
	public boolean clear(String service) {
		ServiceCache cache = of(service);
		if (cache == null) {
			return false;
		}
		cache.entries().clear();
		return true;
	}

	ServiceCache of(String service) {
		ServiceCache cache = this.byService.get(service);
		if (cache == null) {
			EntryCache entries = this.manager.entryCache(service);
			if (entries == null) {
				return null;
			}
			cache = this.byService.computeIfAbsent(service, (name) -> new ServiceCache(entries));
		}
		return cache;
	}

	/**
	 * A service's cache with the loads in flight for its keys.
	 *
	 * @param entries the cache
	 * @param flights the load in flight per key
	 */
	record ServiceCache(EntryCache entries, Map<String, CompletableFuture<Outcome>> flights) {

		ServiceCache(EntryCache entries) {
			this(entries, new ConcurrentHashMap<>());
		}

	}

	/**
	 * How a load ended, shared by every caller that waited for it.
	 *
	 * @param value the value to answer with
	 * @param failure the failure to throw, or {@code null}
	 * @param result how the call counts in the metrics
	 */
	record Outcome(Object value, Throwable failure, CacheResult result) {

		static Outcome of(Object value, CacheResult result) {
			return new Outcome(value, null, result);
		}

		static Outcome failed(Throwable failure) {
			return new Outcome(null, failure, CacheResult.MISS);
		}

	}

}
