package io.thirdparty.cache;

/**
 * Where the services' cached results are kept, {@code third-party.cache.backend}.
 */
public enum CacheBackend {

	/** In memory, per instance (Caffeine). Needs no set-up. */
	CAFFEINE,

	/** In Redis, shared by every instance (Spring Data Redis), values as JSON. */
	REDIS,

	/**
	 * Caffeine in front of Redis: reads are served from memory when they can be; a write
	 * or eviction on one instance removes the in-memory copy on every other through Redis
	 * pub/sub.
	 */
	TWO_LEVEL

}
