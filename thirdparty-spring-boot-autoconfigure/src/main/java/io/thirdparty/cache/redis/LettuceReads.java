package io.thirdparty.cache.redis;

import java.util.concurrent.Future;
import java.util.function.Function;

import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;

import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.util.ClassUtils;

/**
 * Reads a key with Lettuce's own asynchronous {@code GET} on the application's shared
 * connection, so that a cache read can wait a bounded time without Spring Data Redis's
 * reactive path (a reactive connection and operator chain per read).
 */
final class LettuceReads {

	private static final boolean LETTUCE_PRESENT = ClassUtils.isPresent("io.lettuce.core.RedisClient",
			LettuceReads.class.getClassLoader());

	private LettuceReads() {
	}

	/**
	 * Returns an asynchronous {@code GET} for a connection factory.
	 * @param connectionFactory the application's Redis connection
	 * @return the read, or {@code null} when the factory is not Lettuce's
	 */
	static Function<byte[], Future<byte[]>> of(RedisConnectionFactory connectionFactory) {
		return LETTUCE_PRESENT ? Native.of(connectionFactory) : null;
	}

	private static final class Native {

		@SuppressWarnings("unchecked")
		static Function<byte[], Future<byte[]>> of(RedisConnectionFactory connectionFactory) {
			if (!(connectionFactory instanceof LettuceConnectionFactory lettuce)
					|| !lettuce.getShareNativeConnection()) {
				return null;
			}
			return (key) -> {
				try (RedisConnection connection = lettuce.getConnection()) {
					return ((RedisClusterAsyncCommands<byte[], byte[]>) connection.getNativeConnection()).get(key);
				}
			};
		}

	}

}
