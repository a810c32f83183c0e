package io.thirdparty.cache;

import org.springframework.cache.Cache;

/**
 * A service's cache as the pipeline uses it: a Spring {@link Cache} (so that it shows,
 * and can be cleared, in {@code /actuator/caches}) that reads and writes
 * {@link CacheEntry entries}. Keys are {@code <key>:<version>}; the cache's name is the
 * service's.
 * <p>
 * Reads and writes never throw because a remote store is unavailable: a read then finds
 * nothing and a write is skipped.
 */
public interface EntryCache extends Cache {

	/**
	 * Reads an entry.
	 * @param key the key
	 * @return the entry, or {@code null} when there is none or it cannot be read now
	 */
	CacheEntry read(String key);

	/**
	 * Writes an entry; it lives until {@link CacheEntry#staleUntil()}.
	 * @param key the key
	 * @param entry the entry
	 */
	void write(String key, CacheEntry entry);

}
