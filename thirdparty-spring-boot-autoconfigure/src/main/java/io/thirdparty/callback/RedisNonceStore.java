package io.thirdparty.callback;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Nonces remembered in Redis with {@code SET key 1 NX PX ttl}, so that a callback replayed to
 * any instance of the application is recognised. While Redis does not answer, nonces are
 * remembered in this instance's {@link LocalNonceStore} instead and the outage is logged once,
 * not once per callback; a callback is never let through unchecked, and a nonce recorded
 * during an outage is still recognised after Redis answers again.
 */
public class RedisNonceStore implements NonceStore {

	private static final Log logger = LogFactory.getLog(RedisNonceStore.class);

	private final StringRedisTemplate redis;

	private final String keyPrefix;

	private final NonceStore fallback;

	private final AtomicBoolean down = new AtomicBoolean();

	/** Until when, in System.nanoTime(), nonces recorded during an outage may still be replayed. */
	private volatile long localUntil = System.nanoTime();

	/**
	 * Creates a store.
	 * @param connectionFactory the application's Redis
	 * @param keyPrefix prefix of every key
	 * @param fallback where nonces go while Redis does not answer
	 */
	public RedisNonceStore(RedisConnectionFactory connectionFactory, String keyPrefix, NonceStore fallback) {
		this.redis = new StringRedisTemplate(connectionFactory);
		this.keyPrefix = keyPrefix;
		this.fallback = fallback;
	}

	@Override
	public boolean claim(String key, Duration ttl) {
		Boolean claimed;
		try {
			claimed = this.redis.opsForValue().setIfAbsent(this.keyPrefix + key, "1", ttl);
		}
		catch (RuntimeException ex) {
			if (this.down.compareAndSet(false, true)) {
				logger.warn("Redis is not answering; callback nonces are remembered in this instance only until it "
						+ "answers again", ex);
			}
			this.localUntil = System.nanoTime() + ttl.toNanos();
			return this.fallback.claim(key, ttl);
		}
		if (this.down.compareAndSet(true, false)) {
			logger.info("Redis answers again; callback nonces are remembered in Redis");
		}
		if (!Boolean.TRUE.equals(claimed)) {
			return false;
		}
		return System.nanoTime() - this.localUntil >= 0 || this.fallback.claim(key, ttl);
	}

}
