package io.thirdparty.cache;

import java.time.Duration;
import java.util.List;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import io.thirdparty.actuate.CacheOperations;
import io.thirdparty.config.InvalidThirdPartyConfigurationException;
import io.thirdparty.config.ServiceConfigBinder;
import io.thirdparty.config.ServiceProperties;
import io.thirdparty.provider.ServiceDefinition;
import io.thirdparty.provider.ServiceRegistry;

/**
 * The cache as the {@code thirdparty} endpoint sees it. A new version is set as an
 * operator's override of {@code third-party.<service>.cache.version}, followed by a
 * reload of the services, so every reader of the service's settings (the cache stage, the
 * scheduled pull, evictions) switches to it at once. The override is taken literally (it
 * does not pass through the environment, so no placeholder in it is resolved), outlives
 * later reloads while its service is configured, and lives in this instance until it
 * stops. A version whose reload is refused is not kept.
 */
public class CacheVersionOperations implements CacheOperations {

	private static final Log logger = LogFactory.getLog(CacheVersionOperations.class);

	private final ServiceRegistry services;

	private final ServiceConfigBinder binder;

	private final CacheRefreshes refreshes;

	/**
	 * Creates the operations without evictions.
	 * @param services the configured services
	 * @param binder binds them, and holds the operators' overrides
	 */
	public CacheVersionOperations(ServiceRegistry services, ServiceConfigBinder binder) {
		this(services, binder, null);
	}

	/**
	 * Creates the operations.
	 * @param services the configured services
	 * @param binder binds them, and holds the operators' overrides
	 * @param refreshes evicts keys on every instance, or {@code null}
	 */
	public CacheVersionOperations(ServiceRegistry services, ServiceConfigBinder binder, CacheRefreshes refreshes) {
		this.services = services;
		this.binder = binder;
		this.refreshes = refreshes;
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

	/**
	 * {@inheritDoc}
	 * @throws InvalidThirdPartyConfigurationException when the configuration the version
	 * would be applied with is refused; the version is then not kept
	 */
	@Override
	public boolean setVersion(String service, String version) {
		if (describe(service) == null) {
			return false;
		}
		// reloads are serialized on the registry: none sees a version that is then taken
		// back
		synchronized (this.services) {
			String previous = this.binder.overrideCacheVersion(service, version);
			try {
				this.services.reloadLive();
			}
			catch (InvalidThirdPartyConfigurationException ex) {
				this.binder.overrideCacheVersion(service, previous);
				logger.warn("Cache version of third-party service '" + service + "' not set to '" + version
						+ "': the configuration is refused and the one in force stays. " + ex.getMessage());
				throw ex;
			}
		}
		logger.info("Cache version of third-party service '" + service + "' set to '" + version + "'");
		return true;
	}

	@Override
	public Object evict(String service, List<String> keys) {
		if (this.refreshes == null || describe(service) == null) {
			return null;
		}
		CacheRefreshes.Reach reach = this.refreshes.refresh(service, keys);
		if (reach == CacheRefreshes.Reach.NO_CACHE) {
			return null;
		}
		logger.info("Cache of third-party service '" + service + "': " + keys.size()
				+ " key(s) evicted by an operator (" + reach.name().toLowerCase().replace('_', '-') + ")");
		return new EvictionDescriptor(service, List.copyOf(keys), reach.name().toLowerCase().replace('_', '-'));
	}

	/**
	 * An eviction as the endpoint answers it.
	 *
	 * @param service the service
	 * @param keys the keys evicted
	 * @param instances {@code every-instance} when sent to the other instances too,
	 * {@code this-instance} when they could not be reached (no Redis, or Redis down)
	 */
	public record EvictionDescriptor(String service, List<String> keys, String instances) {
	}

	/**
	 * A service's cache as the endpoint shows it.
	 *
	 * @param version the version in every key
	 * @param ttl how long an entry is fresh
	 * @param staleIfError how long past its ttl an entry may still be served when every
	 * provider fails
	 * @param refreshAhead the window before expiry in which a read reloads the entry in
	 * the background
	 * @param maxEntries the most entries kept in memory
	 * @param cacheNulls whether null results are cached
	 */
	public record CacheDescriptor(String version, Duration ttl, Duration staleIfError, Duration refreshAhead,
			long maxEntries, boolean cacheNulls) {
	}

}
