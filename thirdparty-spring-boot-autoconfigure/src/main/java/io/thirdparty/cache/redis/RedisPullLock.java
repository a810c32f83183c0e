package io.thirdparty.cache.redis;

import java.time.Duration;

import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import io.thirdparty.cache.PullLock;

/**
 * Lets one instance run each pull round: the first to set
 * {@code <prefix>thirdparty:pull:<service>:<round>} ({@code SET NX PX}) runs it; the key
 * expires by itself. When Redis is unavailable every instance runs its round, since a
 * pull that fills the in-memory level is better than none.
 */
public class RedisPullLock implements PullLock {

	private final StringRedisTemplate redis;

	private final String prefix;

	private final String instanceId;

	private final RedisAvailability availability;

	/**
	 * Creates the lock.
	 * @param connectionFactory the application's Redis connection
	 * @param prefix prefix of the lock keys
	 * @param instanceId this instance's identity, stored as the holder
	 * @param availability whether Redis may be used now
	 */
	public RedisPullLock(RedisConnectionFactory connectionFactory, String prefix, String instanceId,
			RedisAvailability availability) {
		this.redis = new StringRedisTemplate(connectionFactory);
		this.prefix = prefix;
		this.instanceId = instanceId;
		this.availability = availability;
	}

	@Override
	public boolean tryAcquire(String service, long round, Duration hold) {
		if (!this.availability.shouldTry()) {
			return true;
		}
		try {
			Boolean acquired = this.redis.opsForValue()
				.setIfAbsent(this.prefix + "thirdparty:pull:" + service + ":" + round, this.instanceId, hold);
			this.availability.succeeded();
			return Boolean.TRUE.equals(acquired);
		}
		catch (RuntimeException ex) {
			this.availability.failed(ex);
			return true;
		}
	}

}
