package io.thirdparty.cache.redis;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;

import io.thirdparty.cache.FlightLease;

/**
 * The cluster single flight's lease in Redis: the loader of a missed key sets
 * {@code <prefix>thirdparty:flight:<service>:<key>} ({@code SET NX PX}) to a token of its
 * own and deletes it, if it still holds that token, once the entry is stored. The key
 * expires by itself when its loader dies. While Redis is unavailable
 * ({@link RedisAvailability}) no lease is taken: every instance loads for itself, and no
 * Redis failure reaches the caller.
 */
public class RedisFlightLease implements FlightLease {

	private static final RedisScript<Long> RELEASE = RedisScript.of(
			"if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end",
			Long.class);

	private final StringRedisTemplate redis;

	private final String prefix;

	private final RedisAvailability availability;

	/**
	 * Creates the lease.
	 * @param connectionFactory the application's Redis connection
	 * @param prefix prefix of the lease keys ({@code third-party.cache.key-prefix})
	 * @param availability whether Redis may be used now
	 */
	public RedisFlightLease(RedisConnectionFactory connectionFactory, String prefix, RedisAvailability availability) {
		this.redis = new StringRedisTemplate(connectionFactory);
		this.prefix = prefix;
		this.availability = availability;
	}

	/**
	 * Returns the Redis key of a lease.
	 * @param service the service name
	 * @param key the key within the service's cache
	 * @return {@code <prefix>thirdparty:flight:<service>:<key>}
	 */
	public String leaseKey(String service, String key) {
		return this.prefix + "thirdparty:flight:" + service + ":" + key;
	}

	@Override
	public Lease tryAcquire(String service, String key, Duration hold) {
		if (!this.availability.shouldTry()) {
			return Lease.OWN;
		}
		String leaseKey = leaseKey(service, key);
		String token = UUID.randomUUID().toString();
		try {
			Boolean acquired = this.redis.opsForValue().setIfAbsent(leaseKey, token, hold);
			this.availability.succeeded();
			return Boolean.TRUE.equals(acquired) ? () -> release(leaseKey, token) : null;
		}
		catch (RuntimeException ex) {
			this.availability.failed(ex);
			return Lease.OWN;
		}
	}

	private void release(String leaseKey, String token) {
		if (!this.availability.shouldTry()) {
			// it expires by itself
			return;
		}
		try {
			this.redis.execute(RELEASE, List.of(leaseKey), token);
			this.availability.succeeded();
		}
		catch (RuntimeException ex) {
			this.availability.failed(ex);
		}
	}

}
