package io.thirdparty.cache;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;

import io.thirdparty.actuate.CacheOperations;
import io.thirdparty.config.ServiceProperties;
import io.thirdparty.provider.ServiceDefinition;
import io.thirdparty.provider.ServiceRegistry;

/**
 * The cache as the {@code thirdparty} endpoint sees it. A new version is set the way any live
 * change is: as {@code third-party.<service>.cache.version} in a property source of highest
 * precedence, followed by a reload of the services, so every reader of the service's settings
 * (the cache stage, the scheduled pull, evictions) switches to it at once. The override lives
 * in this instance until it stops.
 */
public class CacheVersionOperations implements CacheOperations {

	/** Name of the property source holding operators' overrides. */
	public static final String PROPERTY_SOURCE_NAME = "thirdPartyOperatorOverrides";

	private static final Log logger = LogFactory.getLog(CacheVersionOperations.class);

	private final ServiceRegistry services;

	private final ConfigurableEnvironment environment;

	private final Map<String, Object> overrides = new ConcurrentHashMap<>();

	/**
	 * Creates the operations.
	 * @param services the configured services
	 * @param environment the environment the services are bound from
	 */
	public CacheVersionOperations(ServiceRegistry services, ConfigurableEnvironment environment) {
		this.services = services;
		this.environment = environment;
	}

	@Override
	public Object describe(String service) {
		ServiceDefinition definition = this.services.get(service);
		if (definition == null || !definition.settings().getCache().active()) {
			return null;
		}
		ServiceProperties.Cache cache = definition.settings().getCache();
		return new CacheDescriptor(cache.getVersion(), cache.effectiveTtl(), cache.getStaleIfError(),
				cache.getRefreshAhead(), cache.getMaxEntries(), cache.isCacheNulls());
	}

	@Override
	public synchronized boolean setVersion(String service, String version) {
		if (describe(service) == null) {
			return false;
		}
		MutablePropertySources sources = this.environment.getPropertySources();
		if (!sources.contains(PROPERTY_SOURCE_NAME)) {
			sources.addFirst(new MapPropertySource(PROPERTY_SOURCE_NAME, this.overrides));
		}
		this.overrides.put("third-party." + service + ".cache.version", version);
		this.services.reload();
		logger.info("Cache version of third-party service '" + service + "' set to '" + version + "'");
		return true;
	}

	/**
	 * A service's cache as the endpoint shows it.
	 *
	 * @param version the version in every key
	 * @param ttl how long an entry is fresh
	 * @param staleIfError how long past its ttl an entry may still be served when every provider fails
	 * @param refreshAhead the window before expiry in which a read reloads the entry in the background
	 * @param maxEntries the most entries kept in memory
	 * @param cacheNulls whether null results are cached
	 */
	public record CacheDescriptor(String version, Duration ttl, Duration staleIfError, Duration refreshAhead,
			long maxEntries, boolean cacheNulls) {
	}

}
