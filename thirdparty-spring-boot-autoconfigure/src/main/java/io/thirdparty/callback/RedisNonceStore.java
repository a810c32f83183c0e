package io.thirdparty.callback;

import java.time.Clock;
import java.time.Duration;

import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import io.thirdparty.cache.redis.RedisAvailability;

/**
 * Nonces remembered in Redis with {@code SET key 1 NX PX ttl}, so that a callback
 * replayed to any instance of the application is recognised. While Redis is unavailable
 * (as the starter's {@link RedisAvailability} tracks it: after a failure Redis is left
 * alone for the retry interval, then one callback tries it again) nonces are remembered
 * in this instance's {@link LocalNonceStore} instead, without a call to Redis per
 * callback, each counted as dropped; the outage is logged once, not once per callback. A
 * callback is never let through unchecked, and a nonce recorded during an outage is still
 * recognised after Redis answers again.
 */
public class RedisNonceStore implements NonceStore {

	private final StringRedisTemplate redis;

	private final String keyPrefix;

	private final NonceStore fallback;

	private final RedisAvailability availability;

	/**
	 * Until when, in System.nanoTime(), nonces recorded during an outage may still be
	 * replayed.
	 */
	private volatile long localUntil = System.nanoTime();

	/**
	 * Creates a store with an outage tracker of its own (five seconds between tries).
	 * @param connectionFactory the application's Redis
	 * @param keyPrefix prefix of every key
	 * @param fallback where nonces go while Redis does not answer
	 */
	public RedisNonceStore(RedisConnectionFactory connectionFactory, String keyPrefix, NonceStore fallback) {
		this(connectionFactory, keyPrefix, fallback, new RedisAvailability(Clock.systemUTC(), Duration.ofSeconds(5)));
	}

	/**
	 * Creates a store.
	 * @param connectionFactory the application's Redis
	 * @param keyPrefix prefix of every key
	 * @param fallback where nonces go while Redis does not answer
	 * @param availability whether Redis may be used now, shared with the rest of the
	 * starter
	 */
	public RedisNonceStore(RedisConnectionFactory connectionFactory, String keyPrefix, NonceStore fallback,
			RedisAvailability availability) {
		this.redis = new StringRedisTemplate(connectionFactory);
		this.keyPrefix = keyPrefix;
		this.fallback = fallback;
		this.availability = availability;
	}

	@Override
	public boolean claim(String key, Duration ttl) {
		if (!this.availability.shouldTry()) {
			return claimLocally(key, ttl);
		}
		Boolean claimed;
		try {
			claimed = this.redis.opsForValue().setIfAbsent(this.keyPrefix + key, "1", ttl);
		}
		catch (RuntimeException ex) {
			this.availability.failed(ex);
			return claimLocally(key, ttl);
		}
		this.availability.succeeded();
		if (!Boolean.TRUE.equals(claimed)) {
			return false;
		}
		return System.nanoTime() - this.localUntil >= 0 || this.fallback.claim(key, ttl);
	}

	private boolean claimLocally(String key, Duration ttl) {
		this.availability.dropped(RedisAvailability.DROPPED_NONCE);
		this.localUntil = System.nanoTime() + ttl.toNanos();
		return this.fallback.claim(key, ttl);
	}

}
