package io.thirdparty.cache.redis;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;

import io.thirdparty.cache.CacheEntry;
import io.thirdparty.cache.EntryCache;

/**
 * A service's two-level cache: an in-memory cache in front of its Redis cache. Reads try
 * memory first and keep what they find in Redis; writes go to both. Every write and
 * eviction is announced through {@link RedisInvalidations} once Redis has applied it, so
 * every other instance drops its in-memory copy. While Redis is unavailable the memory
 * level keeps serving.
 */
public class TwoLevelEntryCache implements EntryCache {

	private final String name;

	private final EntryCache local;

	private final RedisEntryCache shared;

	private final RedisInvalidations invalidations;

	/**
	 * Creates the cache of a service.
	 * @param name the service name
	 * @param local the in-memory level
	 * @param shared the Redis level
	 * @param invalidations tells other instances what changed
	 */
	public TwoLevelEntryCache(String name, EntryCache local, RedisEntryCache shared, RedisInvalidations invalidations) {
		this.name = name;
		this.local = local;
		this.shared = shared;
		this.invalidations = invalidations;
	}

	/**
	 * Returns the in-memory level.
	 * @return the first level
	 */
	public EntryCache local() {
		return this.local;
	}

	/**
	 * Returns the Redis level.
	 * @return the second level
	 */
	public RedisEntryCache shared() {
		return this.shared;
	}

	@Override
	public CacheEntry read(String key) {
		CacheEntry entry = this.local.read(key);
		if (entry == null) {
			entry = this.shared.read(key);
			if (entry != null) {
				this.local.write(key, entry);
			}
		}
		return entry;
	}

	@Override
	public void write(String key, CacheEntry entry) {
		writeShared(key, entry);
	}

	@Override
	public CompletableFuture<Void> writeShared(String key, CacheEntry entry) {
		this.local.write(key, entry);
		CompletableFuture<Void> stored = this.shared.writeAsync(key, entry);
		if (stored == null) {
			return CompletableFuture.completedFuture(null);
		}
		stored.thenRun(() -> this.invalidations.evicted(this.name, key));
		return stored.exceptionally((failure) -> null);
	}

	@Override
	public String getName() {
		return this.name;
	}

	@Override
	public Object getNativeCache() {
		return this.local.getNativeCache();
	}

	@Override
	public ValueWrapper get(Object key) {
		ValueWrapper value = this.local.get(key);
		if (value == null) {
			value = this.shared.get(key);
			if (value != null) {
				this.local.put(key, value.get());
			}
		}
		return value;
	}

	@Override
	@SuppressWarnings("unchecked")
	public <T> T get(Object key, Class<T> type) {
		ValueWrapper value = get(key);
		Object found = (value != null) ? value.get() : null;
		if (found != null && type != null && !type.isInstance(found)) {
			throw new IllegalStateException("Cached value is not of required type [" + type.getName() + "]: " + found);
		}
		return (T) found;
	}

	@Override
	@SuppressWarnings("unchecked")
	public <T> T get(Object key, Callable<T> valueLoader) {
		ValueWrapper value = get(key);
		if (value != null) {
			return (T) value.get();
		}
		T loaded;
		try {
			loaded = valueLoader.call();
		}
		catch (Exception ex) {
			throw new ValueRetrievalException(key, valueLoader, ex);
		}
		put(key, loaded);
		return loaded;
	}

	@Override
	public void put(Object key, Object value) {
		this.local.put(key, value);
		this.shared.put(key, value);
		this.invalidations.evicted(this.name, String.valueOf(key));
	}

	@Override
	public ValueWrapper putIfAbsent(Object key, Object value) {
		ValueWrapper existing = get(key);
		if (existing != null) {
			return existing;
		}
		put(key, value);
		return null;
	}

	@Override
	public void evict(Object key) {
		this.local.evict(key);
		this.shared.evict(key);
		this.invalidations.evicted(this.name, String.valueOf(key));
	}

	@Override
	public boolean evictIfPresent(Object key) {
		boolean local = this.local.evictIfPresent(key);
		boolean shared = this.shared.evictIfPresent(key);
		this.invalidations.evicted(this.name, String.valueOf(key));
		return local || shared;
	}

	@Override
	public void clear() {
		this.local.clear();
		this.shared.clear();
		this.invalidations.cleared(this.name);
	}

	@Override
	public boolean invalidate() {
		boolean local = this.local.invalidate();
		boolean shared = this.shared.invalidate();
		this.invalidations.cleared(this.name);
		return local || shared;
	}

}
