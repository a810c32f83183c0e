package io.thirdparty.cache.redis;

/**
 * Records what the starter did not write to Redis because Redis was unavailable.
 */
@FunctionalInterface
public interface RedisMetrics {

	/** Records nothing. */
	RedisMetrics NONE = (what) -> {
	};

	/**
	 * Records one thing not written to Redis.
	 * @param what what it was: one of the {@code DROPPED_*} names of
	 * {@link RedisAvailability}
	 */
	void dropped(String what);

}
