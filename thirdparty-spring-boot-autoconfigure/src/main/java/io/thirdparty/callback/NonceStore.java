package io.thirdparty.callback;

import java.time.Duration;

/**
 * Remembers the nonces of accepted callbacks for a while, so that a replayed callback is
 * recognised. Implementations: {@link LocalNonceStore} (this instance only) and
 * {@link RedisNonceStore} (shared by every instance).
 */
@FunctionalInterface
public interface NonceStore {

	/**
	 * Records a nonce unless it is already recorded, atomically.
	 * @param key the nonce, qualified by service and provider
	 * @param ttl how long to remember it
	 * @return {@code true} when it was not recorded before (the callback is new),
	 * {@code false} for a replay
	 */
	boolean claim(String key, Duration ttl);

}
