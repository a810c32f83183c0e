package io.thirdparty.cache;

import java.util.concurrent.CompletableFuture;

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

	/**
	 * Writes an entry like {@link #write} and tells when every other instance can read
	 * it.
	 * @param key the key
	 * @param entry the entry
	 * @return completes once the shared store has applied the write, or at once when
	 * there is no shared store or nothing was sent to it; never completes exceptionally
	 */
	default CompletableFuture<Void> writeShared(String key, CacheEntry entry) {
		write(key, entry);
		return CompletableFuture.completedFuture(null);
	}

}
