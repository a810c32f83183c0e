package io.thirdparty.callback;

import java.time.Duration;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;

/**
 * Nonces remembered in this instance's memory (Caffeine), each for its own time to live.
 * A replay sent to another instance of the application is not recognised: use
 * {@link RedisNonceStore} when the application runs more than one instance.
 */
public class LocalNonceStore implements NonceStore {

	private final Cache<String, Long> nonces;

	/**
	 * Creates a store.
	 * @param maximumSize most nonces remembered; the oldest are forgotten first past it
	 */
	public LocalNonceStore(long maximumSize) {
		this.nonces = Caffeine.newBuilder().maximumSize(maximumSize).expireAfter(new Expiry<String, Long>() {

			@Override
			public long expireAfterCreate(String key, Long ttlNanos, long currentTime) {
				return ttlNanos;
			}

			@Override
			public long expireAfterUpdate(String key, Long ttlNanos, long currentTime, long currentDuration) {
				return currentDuration;
			}

			@Override
			public long expireAfterRead(String key, Long ttlNanos, long currentTime, long currentDuration) {
				return currentDuration;
			}

		}).build();
	}

	@Override
	public boolean claim(String key, Duration ttl) {
		return this.nonces.asMap().putIfAbsent(key, ttl.toNanos()) == null;
	}

}
