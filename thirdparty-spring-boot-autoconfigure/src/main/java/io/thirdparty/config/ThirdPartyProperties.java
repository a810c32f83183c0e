package io.thirdparty.config;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.NestedConfigurationProperty;

import io.thirdparty.cache.CacheBackend;

/**
 * Configuration of the third-party call pipeline under {@code third-party} (the seed's
 * {@code third_party} binds to it too). Services are keys beside these:
 * {@code third-party.<service>.providers[]}, {@code third-party.<service>.retry} and so
 * on, with the shape of {@link ServiceProperties}; they are bound by
 * {@link ServiceConfigBinder}.
 */
@ConfigurationProperties(ThirdPartyProperties.PREFIX)
public class ThirdPartyProperties {

	/**
	 * Prefix of every key of the starter.
	 */
	public static final String PREFIX = "third-party";

	/**
	 * Settings every service inherits; a service overrides them key by key. Takes no
	 * providers.
	 */
	@NestedConfigurationProperty
	private final ServiceProperties defaults = new ServiceProperties();

	/**
	 * Where and how the services' caches are kept.
	 */
	private final Cache cache = new Cache();

	/**
	 * Where the quotas of services and providers are counted.
	 */
	private final Quotas quotas = new Quotas();

	public ServiceProperties getDefaults() {
		return this.defaults;
	}

	public Cache getCache() {
		return this.cache;
	}

	public Quotas getQuotas() {
		return this.quotas;
	}

	/**
	 * Storage of every service's cache, {@code third-party.cache}; what each service
	 * caches is set under {@code third-party.<service>.cache}.
	 */
	public static class Cache {

		/**
		 * Where cached results are kept: caffeine (in memory, the default), redis (shared
		 * by every instance), or two-level (Caffeine in front of Redis).
		 */
		private CacheBackend backend = CacheBackend.CAFFEINE;

		/**
		 * Prefix of every key, lock and channel the cache writes to Redis.
		 */
		private String keyPrefix = "";

		/**
		 * Threads that reload entries in the background (refresh-ahead).
		 */
		private int refreshThreads = 2;

		/**
		 * Whether the application listens for cache refreshes on the Redis channel
		 * {@code <key-prefix>thirdparty:cache:refresh} and sends its own there, when it
		 * has Redis (whatever the backend), so that a refresh reaches every instance.
		 */
		private boolean refreshChannel = true;

		/**
		 * Redis as a cache backend.
		 */
		private final Redis redis = new Redis();

		public CacheBackend getBackend() {
			return this.backend;
		}

		public void setBackend(CacheBackend backend) {
			this.backend = backend;
		}

		public String getKeyPrefix() {
			return this.keyPrefix;
		}

		public void setKeyPrefix(String keyPrefix) {
			this.keyPrefix = keyPrefix;
		}

		public int getRefreshThreads() {
			return this.refreshThreads;
		}

		public void setRefreshThreads(int refreshThreads) {
			this.refreshThreads = refreshThreads;
		}

		public boolean isRefreshChannel() {
			return this.refreshChannel;
		}

		public void setRefreshChannel(boolean refreshChannel) {
			this.refreshChannel = refreshChannel;
		}

		public Redis getRedis() {
			return this.redis;
		}

	}

	/**
	 * Redis as a cache backend, {@code third-party.cache.redis}. The connection is the
	 * application's ({@code spring.data.redis.*}).
	 */
	public static class Redis {

		/**
		 * Longest a call waits for a cache read from Redis before it treats Redis as
		 * unavailable and calls the vendor.
		 */
		private Duration timeout = Duration.ofMillis(500);

		/**
		 * How long the starter (cache, cache invalidations, callback nonces, quotas)
		 * leaves Redis alone after a failure before trying it again.
		 */
		private Duration retryInterval = Duration.ofSeconds(5);

		public Duration getTimeout() {
			return this.timeout;
		}

		public void setTimeout(Duration timeout) {
			this.timeout = timeout;
		}

		public Duration getRetryInterval() {
			return this.retryInterval;
		}

		public void setRetryInterval(Duration retryInterval) {
			this.retryInterval = retryInterval;
		}

	}

	/**
	 * Storage of every quota, {@code third-party.quotas}; the quotas themselves are set
	 * under {@code third-party.<service>.quota} and
	 * {@code third-party.<service>.providers[].quota}. With a Lettuce connection to Redis
	 * ({@code spring.data.redis.*}) each quota is one bucket in Redis shared by every
	 * instance; without it each instance counts alone.
	 */
	public static class Quotas {

		/**
		 * Prefix of every quota key the starter writes to Redis.
		 */
		private String keyPrefix = "";

		/**
		 * Longest a call waits for Redis to count it against a quota before it treats
		 * Redis as unavailable and counts it locally.
		 */
		private Duration timeout = Duration.ofMillis(500);

		public String getKeyPrefix() {
			return this.keyPrefix;
		}

		public void setKeyPrefix(String keyPrefix) {
			this.keyPrefix = keyPrefix;
		}

		public Duration getTimeout() {
			return this.timeout;
		}

		public void setTimeout(Duration timeout) {
			this.timeout = timeout;
		}

	}

}
