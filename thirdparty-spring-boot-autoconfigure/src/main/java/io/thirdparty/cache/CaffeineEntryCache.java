package io.thirdparty.cache;

import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;

import org.springframework.cache.caffeine.CaffeineCache;

/**
 * A service's cache in memory: Spring's {@link CaffeineCache} over a Caffeine cache
 * bounded to the service's {@code max-entries}, each entry expiring at its own
 * {@link CacheEntry#staleUntil()}, on the time of the given clock.
 */
public class CaffeineEntryCache extends CaffeineCache implements EntryCache {

	private static final Duration FOREVER = Duration.ofNanos(Long.MAX_VALUE);

	private final com.github.benmanes.caffeine.cache.Cache<Object, Object> entries;

	/**
	 * Creates the cache of a service.
	 * @param name the service name
	 * @param maxEntries most entries kept
	 * @param clock the time entries expire on
	 */
	public CaffeineEntryCache(String name, long maxEntries, Clock clock) {
		this(name,
				Caffeine.newBuilder()
					.maximumSize(maxEntries)
					.ticker(() -> TimeUnit.MILLISECONDS.toNanos(clock.millis()))
					.expireAfter(Expiry.writing((Object key, Object value) -> life(value, clock)))
					.recordStats()
					.build());
	}

	private CaffeineEntryCache(String name, com.github.benmanes.caffeine.cache.Cache<Object, Object> entries) {
		super(name, entries, false);
		this.entries = entries;
	}

	@Override
	public CacheEntry read(String key) {
		return (this.entries.getIfPresent(key) instanceof CacheEntry entry) ? entry : null;
	}

	private static Duration life(Object value, Clock clock) {
		// values put through the plain Cache API, not by the pipeline, live until evicted
		return (value instanceof CacheEntry entry) ? entry.remainingLife(clock.millis()) : FOREVER;
	}

	@Override
	public void write(String key, CacheEntry entry) {
		this.entries.put(key, entry);
	}

}
