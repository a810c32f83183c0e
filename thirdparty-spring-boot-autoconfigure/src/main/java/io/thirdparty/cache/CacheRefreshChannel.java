package io.thirdparty.cache;

import java.util.List;
import java.util.function.BiConsumer;

/**
 * Carries cache refreshes ({@link CacheRefreshEvent}) to the other instances of the
 * application. Kept free of Redis types; the Redis channel is the one implementation.
 */
public interface CacheRefreshChannel {

	/** No other instance is reached: refreshes apply in this instance only. */
	CacheRefreshChannel LOCAL = new CacheRefreshChannel() {

		@Override
		public boolean send(String service, List<String> keys) {
			return false;
		}

	};

	/**
	 * Sends a refresh to every other instance.
	 * @param service the service name
	 * @param keys the keys' texts ({@link CacheKeys#keyText}); empty for every key
	 * @return whether it was sent; {@code false} when the other instances cannot be
	 * reached now
	 */
	boolean send(String service, List<String> keys);

	/**
	 * Sets what to do with a refresh another instance (or another system) sent.
	 * @param receiver takes the service name and the keys' texts (empty for every key)
	 */
	default void receive(BiConsumer<String, List<String>> receiver) {
	}

}
