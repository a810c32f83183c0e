package io.thirdparty.cache.redis;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import java.util.function.Supplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.dao.QueryTimeoutException;
import org.springframework.data.redis.cache.RedisCache;
import org.springframework.data.redis.cache.RedisCacheConfiguration;
import org.springframework.data.redis.cache.RedisCacheWriter;
import org.springframework.data.redis.serializer.GenericJacksonJsonRedisSerializer;
import org.springframework.data.redis.serializer.RedisSerializer;
import org.springframework.data.redis.serializer.SerializationException;

import io.thirdparty.cache.CacheEntry;
import io.thirdparty.cache.EntryCache;

/**
 * A service's cache in Redis: Spring Data Redis's {@link RedisCache}, keys
 * {@code <prefix><service>:<key>:<version>}, values {@link CacheEntry entries} as JSON
 * with type information, each expiring at its own {@link CacheEntry#staleUntil()}.
 * <p>
 * A read waits at most the configured timeout; a write does not wait at all. A failure
 * marks Redis unavailable ({@link RedisAvailability}), and until it returns reads find
 * nothing and writes are skipped (counted as dropped); no Redis exception reaches the
 * caller.
 */
public class RedisEntryCache extends RedisCache implements EntryCache {

	private static final Log logger = LogFactory.getLog(RedisEntryCache.class);

	private final RedisAvailability availability;

	private final long timeoutMillis;

	private final Clock clock;

	private final boolean async;

	private final AtomicBoolean warnedUnwritable = new AtomicBoolean();

	private final GenericJacksonJsonRedisSerializer json;

	private final Function<byte[], Future<byte[]>> nativeGet;

	/**
	 * Creates the cache of a service.
	 * @param name the service name
	 * @param writer the Redis cache writer
	 * @param configuration prefix, serializers and time-to-live
	 * @param availability whether Redis may be used now
	 * @param timeout longest wait for a read
	 * @param clock the time entries expire on
	 * @param serializer the value serializer of {@code configuration}; when it is Spring
	 * Data Redis's Jackson serializer, entries are read as {@link CacheEntry} in one pass
	 * @param nativeGet the driver's own asynchronous {@code GET}, or {@code null} to read
	 * through the cache writer
	 */
	public RedisEntryCache(String name, RedisCacheWriter writer, RedisCacheConfiguration configuration,
			RedisAvailability availability, Duration timeout, Clock clock, RedisSerializer<?> serializer,
			Function<byte[], Future<byte[]>> nativeGet) {
		super(name, writer, configuration);
		this.nativeGet = nativeGet;
		this.json = (serializer instanceof GenericJacksonJsonRedisSerializer jackson) ? jackson : null;
		this.availability = availability;
		this.timeoutMillis = timeout.toMillis();
		this.clock = clock;
		this.async = writer.supportsAsyncRetrieve();
	}

	@Override
	public CacheEntry read(String key) {
		if (!this.availability.shouldTry()) {
			return null;
		}
		byte[] binaryKey = serializeCacheKey(createCacheKey(key));
		byte[] binaryValue;
		try {
			if (this.nativeGet != null) {
				binaryValue = await(this.nativeGet.apply(binaryKey));
			}
			else {
				binaryValue = this.async ? await(getCacheWriter().retrieve(getName(), binaryKey))
						: getCacheWriter().get(getName(), binaryKey);
			}
			this.availability.succeeded();
		}
		catch (RuntimeException ex) {
			this.availability.failed(ex);
			return null;
		}
		if (binaryValue == null) {
			return null;
		}
		try {
			// typed, the JSON is parsed once; untyped, Jackson first reads it to find the
			// class
			Object value = (this.json != null) ? this.json.deserialize(binaryValue, CacheEntry.class)
					: deserializeCacheValue(binaryValue);
			return (value instanceof CacheEntry entry) ? entry : null;
		}
		catch (SerializationException ex) {
			// the key holds the call's arguments: at DEBUG only
			logger.warn("Unreadable entry in the third-party cache of '" + getName() + "' (was its class changed?); "
					+ "it is removed and loaded again");
			logger.debug("Unreadable entry " + createCacheKey(key) + " in the third-party cache", ex);
			guarded(() -> {
				getCacheWriter().evict(getName(), binaryKey);
				return null;
			}, null, RedisAvailability.DROPPED_CACHE_EVICTION);
			return null;
		}
	}

	@Override
	public void write(String key, CacheEntry entry) {
		writeAsync(key, entry);
	}

	@Override
	public CompletableFuture<Void> writeShared(String key, CacheEntry entry) {
		CompletableFuture<Void> stored = writeAsync(key, entry);
		return (stored != null) ? stored.exceptionally((failure) -> null) : CompletableFuture.completedFuture(null);
	}

	/**
	 * Writes an entry without waiting.
	 * @param key the key
	 * @param entry the entry
	 * @return completes when Redis has stored it; {@code null} when nothing was sent
	 */
	public CompletableFuture<Void> writeAsync(String key, CacheEntry entry) {
		if (!this.availability.shouldTry()) {
			this.availability.dropped(RedisAvailability.DROPPED_CACHE_WRITE);
			return null;
		}
		byte[] binaryValue;
		try {
			binaryValue = serializeCacheValue(entry);
		}
		catch (SerializationException ex) {
			if (this.warnedUnwritable.compareAndSet(false, true)) {
				logger.warn("Results of '" + getName() + "' cannot be written to Redis as JSON; they are not cached "
						+ "there (" + entry.value().getClass().getName() + ")", ex);
			}
			return null;
		}
		byte[] binaryKey = serializeCacheKey(createCacheKey(key));
		try {
			return getCacheWriter().store(getName(), binaryKey, binaryValue, entry.remainingLife(this.clock.millis()))
				.whenComplete((done, failure) -> {
					if (failure != null) {
						this.availability.failed(failure);
						this.availability.dropped(RedisAvailability.DROPPED_CACHE_WRITE);
					}
					else {
						this.availability.succeeded();
					}
				});
		}
		catch (UnsupportedOperationException ex) {
			// a driver without asynchronous writes (Jedis): write on the calling thread
			return guarded(() -> {
				getCacheWriter().put(getName(), binaryKey, binaryValue, entry.remainingLife(this.clock.millis()));
				return CompletableFuture.completedFuture(null);
			}, null, RedisAvailability.DROPPED_CACHE_WRITE);
		}
		catch (RuntimeException ex) {
			this.availability.failed(ex);
			this.availability.dropped(RedisAvailability.DROPPED_CACHE_WRITE);
			return null;
		}
	}

	@Override
	protected Object lookup(Object key) {
		return guarded(() -> super.lookup(key), null, null);
	}

	@Override
	public void put(Object key, Object value) {
		guarded(() -> {
			super.put(key, value);
			return null;
		}, null, RedisAvailability.DROPPED_CACHE_WRITE);
	}

	@Override
	public ValueWrapper putIfAbsent(Object key, Object value) {
		return guarded(() -> super.putIfAbsent(key, value), null, RedisAvailability.DROPPED_CACHE_WRITE);
	}

	@Override
	public void evict(Object key) {
		guarded(() -> {
			super.evict(key);
			return null;
		}, null, RedisAvailability.DROPPED_CACHE_EVICTION);
	}

	@Override
	public boolean evictIfPresent(Object key) {
		return guarded(() -> super.evictIfPresent(key), false, RedisAvailability.DROPPED_CACHE_EVICTION);
	}

	@Override
	public void clear() {
		guarded(() -> {
			super.clear();
			return null;
		}, null, RedisAvailability.DROPPED_CACHE_EVICTION);
	}

	@Override
	public boolean invalidate() {
		return guarded(() -> super.invalidate(), false, RedisAvailability.DROPPED_CACHE_EVICTION);
	}

	/**
	 * Runs an operation on Redis unless it is unavailable; a skipped or failed change
	 * counts as {@code dropped}.
	 */
	private <T> T guarded(Supplier<T> operation, T whenUnavailable, String dropped) {
		if (!this.availability.shouldTry()) {
			drop(dropped);
			return whenUnavailable;
		}
		try {
			T result = operation.get();
			this.availability.succeeded();
			return result;
		}
		catch (SerializationException ex) {
			throw ex;
		}
		catch (RuntimeException ex) {
			this.availability.failed(ex);
			drop(dropped);
			return whenUnavailable;
		}
	}

	private void drop(String what) {
		if (what != null) {
			this.availability.dropped(what);
		}
	}

	private byte[] await(Future<byte[]> read) {
		try {
			return read.get(this.timeoutMillis, TimeUnit.MILLISECONDS);
		}
		catch (TimeoutException ex) {
			read.cancel(false);
			throw new QueryTimeoutException("Redis did not answer within " + this.timeoutMillis + " ms", ex);
		}
		catch (ExecutionException ex) {
			throw (ex.getCause() instanceof RuntimeException runtime) ? runtime
					: new IllegalStateException("Redis read failed", ex.getCause());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new QueryTimeoutException("Interrupted while waiting for Redis", ex);
		}
	}

}
